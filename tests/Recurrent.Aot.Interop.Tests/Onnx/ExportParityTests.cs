using Google.Protobuf;
using Recurrent.Aot.Interop.Onnx;
using Recurrent.Aot.Interop.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop.Tests.Onnx;

/// <summary>
/// Models exported to ONNX run in ONNX Runtime as the runtime runs them (within 1e-5): every PyTorch parity fixture,
/// every sample's trained model, and specs with every activation and option the exporter writes.
/// </summary>
public sealed class ExportParityTests
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<string> Files() => Fixtures.Exportable();

    [Theory]
    [MemberData(nameof(Files))]
    public void An_exported_file_runs_in_onnx_runtime_as_in_the_runtime(string relative)
    {
        SafeTensorsFile file = SafeTensorsFile.Load(Path.Combine(AppContext.BaseDirectory, relative));
        foreach (RecurrentModuleInfo module in RecurrentModules.Find(file))
        {
            RecurrentModel model = RecurrentModel.FromSafeTensors(file, new ModelLoadOptions { Module = module.Prefix });
            if (model.Spec.Cell.ProjSize > 0)
            {
                var error = Assert.Throws<ModelImportException>(() => OnnxExporter.Export(file, module.Prefix));
                Assert.Contains("projection", error.Message, StringComparison.Ordinal);
                continue;
            }

            byte[] onnx = OnnxExporter.Export(file, module.Prefix).ToByteArray();
            Compare(model, onnx, $"{relative} {module.DisplayName}");
        }
    }

    public static TheoryData<string> Specs() => [.. ExportSpecs.All().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Specs))]
    public void Every_activation_and_option_runs_in_onnx_runtime_as_in_the_runtime(string name)
    {
        ModelSpec spec = ExportSpecs.All().Single(c => c.Name == name).Spec;
        var random = new Random(name.Length);
        var weights = new List<CellWeights>();
        for (int layer = 0; layer < spec.Layers; layer++)
        {
            for (int d = 0; d < spec.Directions; d++)
                weights.Add(ExportSpecs.Weights(spec.LayerCell(layer), random, learnedState: name.Contains("state", StringComparison.Ordinal)));
        }

        HeadWeights? head = spec.Head is { } h ? new HeadWeights { Weight = Fixtures.Random(random, h.OutputSize * spec.Directions * spec.Cell.OutputSize, 0.5f), Bias = h.HasBias ? Fixtures.Random(random, h.OutputSize, 0.5f) : null } : null;
        RecurrentModel model = RecurrentModel.Create(spec, weights, head);
        byte[] onnx = OnnxExporter.Export(spec, weights, head).ToByteArray();
        Compare(model, onnx, name);

        // And back: the exported graph imports as the same model.
        ImportedModel back = OnnxImporter.Import(onnx, name);
        Assert.Equal(ImportedModel.Normalized(spec), back.Spec);
    }

    private static void Compare(RecurrentModel model, byte[] onnx, string context)
    {
        const int seq = 6, batch = 3;
        int features = model.InputSize;
        float[] input = Fixtures.Random(new Random(context.Length), seq * batch * features, 1.5f);
        Dictionary<string, OrtTensor> expected = Ort.Run(onnx, "input", new OrtTensor(input, [seq, batch, features]));

        float[] states = new float[batch * model.StateSize];
        model.ResetStates(states);
        float[] outputs = new float[seq * batch * model.OutputSize];
        int[] lengths = [seq, seq, seq];
        model.RunBatch(input, batch, lengths, states, outputs, model.CreateWorkspace(seq, batch));
        int slots = model.Spec.Layers * model.Spec.Directions;
        float[] hN = new float[slots * batch * model.Spec.Cell.OutputSize];
        float[] cN = new float[model.Spec.Cell.Kind == CellKind.Lstm ? slots * batch * model.Spec.Cell.HiddenSize : 0];
        model.ExportPyTorchState(states, batch, hN, cN);

        Fixtures.Close(expected["output"].Data, outputs, context + " output", Tolerance);
        Fixtures.Close(expected["h_n"].Data, hN, context + " h_n", Tolerance);
        if (cN.Length > 0)
            Fixtures.Close(expected["c_n"].Data, cN, context + " c_n", Tolerance);
    }
}
