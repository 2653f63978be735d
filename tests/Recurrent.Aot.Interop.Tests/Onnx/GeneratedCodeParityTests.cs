using System.Globalization;
using System.Reflection;
using System.Text;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.Interop.Onnx;
using Recurrent.Aot.Interop.Tests.Support;

namespace Recurrent.Aot.Interop.Tests.Onnx;

/// <summary>
/// Imported models compiled through the generator (embedded weights, as <c>[RecurrentModel("x.safetensors")]</c> in an
/// app) run one stream as ONNX Runtime runs the original graph, within 1e-5.
/// </summary>
public sealed class GeneratedCodeParityTests : IDisposable
{
    private static readonly string[] Cases = ["torch_lstm_batch_first_head", "torch_gru_stacked", "hand_gru_before_reset", "torch_rnn_head"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "raot-onnx-gen-" + Guid.NewGuid().ToString("N"));

    public GeneratedCodeParityTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Imported_models_compiled_by_the_generator_match_onnx_runtime()
    {
        var source = new StringBuilder("using Recurrent.Aot.Generation;\nnamespace Imported;\n");
        var driver = new StringBuilder("public static class Driver\n{\n");
        var files = new List<string>();
        for (int i = 0; i < Cases.Length; i++)
        {
            string file = Path.Combine(_folder, Cases[i] + ".safetensors");
            OnnxImporter.Import(Fixtures.Path(Cases[i])).Save(file);
            files.Add(file);
            source.AppendLine(CultureInfo.InvariantCulture, $"[RecurrentModel(\"{Cases[i]}.safetensors\")] public static partial class Model{i};");
            driver.AppendLine(CultureInfo.InvariantCulture, $$"""
                    public static float[] Run{{i}}(float[] input, int steps)
                    {
                        var state = Model{{i}}.InitialState;
                        var output = new float[steps * Model{{i}}.OutputSize];
                        Model{{i}}.Run(input, ref state, output);
                        return output;
                    }
                """);
        }

        driver.AppendLine("}");
        var (result, output) = GeneratorHarness.Run(source.ToString() + driver, [.. files]);
        Assert.True(result.Diagnostics.IsEmpty, "generator diagnostics:\n" + string.Join("\n", result.Diagnostics));
        Assembly assembly = GeneratorHarness.Load(output);
        MethodInfo Method(int i) => assembly.GetType("Imported.Driver")!.GetMethod("Run" + i.ToString(CultureInfo.InvariantCulture))!;

        for (int i = 0; i < Cases.Length; i++)
        {
            byte[] onnx = Fixtures.Bytes(Cases[i]);
            ImportedModel imported = OnnxImporter.Import(onnx, Cases[i]);
            (string inputName, int[] shape) = Ort.SequenceInput(onnx);
            bool batchFirst = imported.BatchFirst;
            int seq = batchFirst ? shape[1] : shape[0], batch = batchFirst ? shape[0] : shape[1], features = imported.Spec.Cell.InputSize;
            float[] input = Fixtures.Random(new Random(i + 5), seq * batch * features, 1.5f);
            float[] ortInput = batchFirst ? Layouts.SwapFirstTwo(input, seq, batch, features) : input;
            OrtTensor expected = Ort.Run(onnx, inputName, new OrtTensor(ortInput, batchFirst ? [batch, seq, features] : [seq, batch, features]))
                .First(o => o.Key is "output" or "Y").Value;
            float[] rows = expected.Shape.Length == 4 ? Layouts.FromOnnxY(expected, false) : batchFirst ? Layouts.SwapFirstTwo(expected.Data, batch, seq, expected.Shape[2]) : expected.Data;
            int width = rows.Length / (seq * batch);

            // Stream 0 alone through the generated code.
            float[] stream = new float[seq * features];
            float[] want = new float[seq * width];
            for (int t = 0; t < seq; t++)
            {
                input.AsSpan(t * batch * features, features).CopyTo(stream.AsSpan(t * features));
                rows.AsSpan(t * batch * width, width).CopyTo(want.AsSpan(t * width));
            }

            float[] actual = (float[])Method(i).Invoke(null, [stream, seq])!;
            Fixtures.Close(want, actual, Cases[i] + " generated", 1e-5f);
        }
    }
}
