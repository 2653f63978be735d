using Recurrent.Aot.Interop.Keras;
using Recurrent.Aot.IO;
using Xunit.Abstractions;

namespace Recurrent.Aot.Interop.Tests.Keras;

/// <summary>
/// Every Keras fixture imported and run through the runtime's <see cref="RecurrentModel"/>, stream by stream, against
/// the output of Keras's equations (max abs error ≤ 1e-5): N→N with Run, N→1 with RunLast, a Bidirectional N→1 as
/// the last layer's final states after Run.
/// </summary>
public sealed class KerasParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Theory]
    [MemberData(nameof(KerasFixture.Names), MemberType = typeof(KerasFixture))]
    public void Imported_model_reproduces_the_Keras_output(string name)
    {
        KerasFixture fixture = KerasFixture.Get(name);
        KerasImportResult result = fixture.Import();
        Assert.Equal(fixture.Output, result.Metadata["keras.output"]);
        if (fixture.NeedsActivationParameters && !RuntimeActivationParameters.Supported)
        {
            output.WriteLine($"{name}: imported; the numeric check needs the runtime's activation parameters (alpha/beta).");
            return;
        }

        RecurrentModel model = RecurrentModel.FromSafeTensors(SafeTensorsFile.Parse(result.ToBytes()));
        NpyArray input = fixture.Input;
        NpyArray expected = fixture.ExpectedOutput;
        int batch = input.Shape[0], steps = input.Shape[1], features = input.Shape[2];
        Assert.Equal(features, model.InputSize);
        int width = expected.Shape[^1];
        ModelWorkspace workspace = model.CreateWorkspace(steps);
        var state = new float[model.StateSize];
        double worst = 0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = input.Data.AsSpan(b * steps * features, steps * features);
            model.ResetState(state);
            float[] got;
            switch (result.Output)
            {
                case KerasOutput.Sequence:
                    got = new float[steps * model.OutputSize];
                    model.Run(x, state, got, workspace);
                    break;
                case KerasOutput.LastStep:
                    got = new float[model.OutputSize];
                    model.RunLast(x, state, got, workspace);
                    break;
                default:
                    var outputs = new float[steps * model.OutputSize];
                    model.Run(x, state, outputs, workspace);
                    int lastLayer = model.Spec.Layers - 1;
                    got = [.. model.GetHidden(state, lastLayer, 0), .. model.GetHidden(state, lastLayer, 1)];
                    break;
            }
            int rows = result.Output == KerasOutput.Sequence ? steps : 1;
            Assert.Equal(rows * width, got.Length);
            ReadOnlySpan<float> want = expected.Data.AsSpan(b * rows * width, rows * width);
            for (int i = 0; i < got.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(got[i] - want[i]));
            }
        }
        output.WriteLine($"{name}: max abs error {worst:E2} over {batch} streams of {steps} steps");
        Assert.True(worst <= Tolerance, $"{name}: max abs error {worst:E2} > {Tolerance:E0}");
    }
}
