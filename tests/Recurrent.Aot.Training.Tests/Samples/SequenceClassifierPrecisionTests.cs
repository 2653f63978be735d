using System.Globalization;
using SequenceClassifier.Data;
using Xunit.Abstractions;

namespace Recurrent.Aot.Training.Tests.Samples;

/// <summary>
/// The trained sequence-classifier models (samples/sequence-classifier, LSTM(50, relu) and GRU(50, relu) with a
/// softmax head) at every weight precision: test accuracy on the sample's 200 held-out sequences and the largest
/// change in P(class 1) from float32, logged for the README's table and held to a small accuracy loss.
/// </summary>
public sealed class SequenceClassifierPrecisionTests(ITestOutputHelper output)
{
    private static readonly string Committed = Path.Combine(AppContext.BaseDirectory, "sequence-classifier");

    [Theory]
    [InlineData("lstm-relu.safetensors")]
    [InlineData("gru-relu.safetensors")]
    public void Reduced_precision_keeps_the_trained_models_accuracy(string fileName)
    {
        LabelledSamples test = SyntheticClassification.TestSplit();
        string path = Path.Combine(Committed, fileName);
        (double baseline, float[] baseProbabilities) = Evaluate(RecurrentModel.Load(path), test);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fileName} Float32: test accuracy {baseline:F3}"));

        foreach (WeightPrecision precision in new[] { WeightPrecision.BFloat16, WeightPrecision.Int8 })
        {
            RecurrentModel model = RecurrentModel.Load(path, new ModelLoadOptions { WeightPrecision = precision });
            (double accuracy, float[] probabilities) = Evaluate(model, test);
            double change = probabilities.Zip(baseProbabilities, (a, b) => Math.Abs((double)a - b)).Max();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fileName} {precision}: test accuracy {accuracy:F3}, max |p - p_float32| {change:0.0e+0}"));
            Assert.True(accuracy >= baseline - 0.02, $"{fileName} at {precision}: test accuracy {accuracy:F3}, float32 {baseline:F3}");
            Assert.True(change > 0, $"{fileName} at {precision}: no probability changed, so the weights were not reduced");
        }
    }

    /// <summary>Accuracy and P(class 1) of every test sequence (20 steps of one value each).</summary>
    private static (double Accuracy, float[] Probabilities) Evaluate(RecurrentModel model, LabelledSamples test)
    {
        ModelWorkspace workspace = model.CreateWorkspace(test.FeatureCount);
        var state = new float[model.StateSize];
        var last = new float[model.OutputSize];
        var probabilities = new float[test.Count];
        int correct = 0;
        for (int n = 0; n < test.Count; n++)
        {
            model.ResetState(state);
            model.RunLast(test.Features(n), state, last, workspace);
            probabilities[n] = last[1];
            correct += (last[1] > last[0] ? 1 : 0) == test.Label(n) ? 1 : 0;
        }

        return ((double)correct / test.Count, probabilities);
    }
}
