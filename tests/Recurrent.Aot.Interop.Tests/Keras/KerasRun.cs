using Recurrent.Aot.Interop.Keras;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop.Tests.Keras;

/// <summary>Runs an imported Keras model through <see cref="RecurrentModel"/> the way <see cref="KerasImportResult.Output"/> says.</summary>
internal static class KerasRun
{
    /// <summary>The largest absolute difference between the runtime's result and the fixture's Keras output.</summary>
    public static double MaxError(KerasImportResult result, KerasFixture fixture) => MaxError(result.ToBytes(), result.Output, fixture);

    /// <summary>The same for a safetensors file's bytes and the Keras output kind it reproduces.</summary>
    public static double MaxError(byte[] safetensors, KerasOutput kind, KerasFixture fixture)
    {
        RecurrentModel model = RecurrentModel.FromSafeTensors(SafeTensorsFile.Parse(safetensors));
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
            switch (kind)
            {
                case KerasOutput.Sequence:
                    got = new float[steps * model.OutputSize];
                    model.Run(x, state, got, workspace);
                    break;
                case KerasOutput.LastStep:
                    got = new float[model.OutputSize];
                    model.RunLast(x, state, got, workspace);
                    break;
                case KerasOutput.ReversedSequence:
                    var aligned = new float[steps * model.OutputSize];
                    model.Run(x, state, aligned, workspace);
                    got = new float[aligned.Length];
                    for (int t = 0; t < steps; t++)
                    {
                        aligned.AsSpan((steps - 1 - t) * model.OutputSize, model.OutputSize).CopyTo(got.AsSpan(t * model.OutputSize));
                    }
                    break;
                case KerasOutput.FirstStep:
                    var rows = new float[steps * model.OutputSize];
                    model.Run(x, state, rows, workspace);
                    got = rows[..model.OutputSize];
                    break;
                default:
                    var outputs = new float[steps * model.OutputSize];
                    model.Run(x, state, outputs, workspace);
                    int lastLayer = model.Spec.Layers - 1;
                    got = [.. model.GetHidden(state, lastLayer, 0), .. model.GetHidden(state, lastLayer, 1)];
                    break;
            }
            int expectedRows = kind is KerasOutput.Sequence or KerasOutput.ReversedSequence ? steps : 1;
            Assert.Equal(expectedRows * width, got.Length);
            ReadOnlySpan<float> want = expected.Data.AsSpan(b * expectedRows * width, expectedRows * width);
            for (int i = 0; i < got.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(got[i] - want[i]));
            }
        }
        return worst;
    }
}
