using System.Numerics;
using Recurrent.Aot.IO;
using Recurrent.Aot.Training.Cells;
using SequenceClassifier.Data;
using SequenceClassifier.Training;
using Xunit.Abstractions;

namespace Recurrent.Aot.Training.Tests.Samples;

/// <summary>
/// samples/sequence-classifier: its training program (seed 002's Keras recipe: LSTM(50, relu) and GRU(50, relu), softmax
/// head, Adam 1e-3, batch 32, 10 epochs) still learns, and run again with its seed it writes exactly the committed
/// models and reference outputs. Regenerate them, after a change that moves the numbers, with
/// <c>dotnet run --project samples/sequence-classifier/train -c Release -- samples/sequence-classifier</c>.
/// </summary>
[Trait("Category", "Training")]
public sealed class SequenceClassifierSampleTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The app's threshold (samples/sequence-classifier/app/Program.cs); measured 0.785 (LSTM) and 0.805 (GRU).</summary>
    private const double MinimumAccuracy = 0.75;

    private static readonly string Committed = Path.Combine(AppContext.BaseDirectory, "sequence-classifier");

    private readonly string _directory = Directory.CreateTempSubdirectory("sequence-classifier-").FullName;

    [Fact]
    public void The_training_program_learns_and_reproduces_the_committed_models_and_reference_outputs()
    {
        IReadOnlyList<TrainedClassifier> trained = ClassifierTraining.TrainAndSave(_directory, new ClassifierRecipe());
        Assert.Equal(2, trained.Count);
        foreach (TrainedClassifier model in trained)
        {
            output.WriteLine($"{model.Cell}: train loss {model.Epochs[0].MeanLoss:F4} → {model.Epochs[^1].MeanLoss:F4}, test accuracy {model.Test.Accuracy:F3}");
            Assert.True(model.Epochs[^1].MeanLoss < model.Epochs[0].MeanLoss - 0.1, $"{model.Cell}: the training loss went from {model.Epochs[0].MeanLoss:F4} to {model.Epochs[^1].MeanLoss:F4}");
            Assert.True(model.Test.Accuracy >= MinimumAccuracy, $"{model.Cell}: test accuracy {model.Test.Accuracy:F3}, expected at least {MinimumAccuracy}");
        }

        // The committed files were written where Vector<float> has 8 lanes (AVX2, and AVX-512 machines, whose
        // files came out byte-identical with AVX-512 on and off). Other vector widths round the trainer's sums
        // differently (a 128-bit run moved GRU weights by at most 3e-7), so there the weights must only be close.
        bool sameRounding = Vector<float>.Count == 8;
        foreach (TrainedClassifier model in trained)
        {
            string committed = Path.Combine(Committed, model.FileName);
            string produced = Path.Combine(_directory, ClassifierTraining.ModelsFolder, model.FileName);
            if (sameRounding)
            {
                Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(produced)), $"{model.FileName} differs from the committed file: regenerate it (see the class summary)");
            }
            else
            {
                AssertClose(SafeTensorsFile.Load(committed), SafeTensorsFile.Load(produced), 1e-4f);
            }
        }

        if (sameRounding)
        {
            Assert.Equal(
                File.ReadAllText(Path.Combine(Committed, "TrainerReference.cs")),
                File.ReadAllText(Path.Combine(_directory, ClassifierTraining.ReferenceSourcePath)));
        }
    }

    [Fact]
    public void An_untrained_model_stays_below_the_apps_accuracy_threshold()
    {
        (LabelledSamples train, LabelledSamples test) = SyntheticClassification.Split(SyntheticClassification.Generate());
        foreach (CellKind cell in ClassifierTraining.Cells)
        {
            TrainedClassifier untrained = ClassifierTraining.Train(cell, train, test, new ClassifierRecipe { Epochs = 0 });
            output.WriteLine($"{cell} untrained: test accuracy {untrained.Test.Accuracy:F3}");
            Assert.True(untrained.Test.Accuracy < MinimumAccuracy - 0.1, $"{cell}: an untrained model already reaches {untrained.Test.Accuracy:F3}");
        }
    }

    [Fact]
    public void The_data_is_an_80_20_split_of_1000_balanced_samples_of_20_features()
    {
        LabelledSamples all = SyntheticClassification.Generate();
        (LabelledSamples train, LabelledSamples test) = SyntheticClassification.Split(all);
        Assert.Equal((1000, 20), (all.Count, all.FeatureCount));
        Assert.Equal((800, SyntheticClassification.TestSamples), (train.Count, test.Count));
        int ones = Enumerable.Range(0, all.Count).Sum(all.Label);
        Assert.InRange(ones, 470, 530);

        // Deterministic: the same seed gives the same numbers (the app regenerates the test split itself).
        LabelledSamples again = SyntheticClassification.TestSplit();
        for (int n = 0; n < test.Count; n++)
        {
            Assert.Equal(test.Label(n), again.Label(n));
            Assert.True(test.Features(n).SequenceEqual(again.Features(n)));
        }
    }

    private static void AssertClose(SafeTensorsFile expected, SafeTensorsFile actual, float tolerance)
    {
        Assert.Equal(expected.Tensors.Select(t => t.Name), actual.Tensors.Select(t => t.Name));
        foreach (TensorInfo tensor in expected.Tensors)
        {
            float[] e = expected.ReadFloat32(tensor.Name);
            float[] a = actual.ReadFloat32(tensor.Name);
            for (int i = 0; i < e.Length; i++)
            {
                Assert.True(MathF.Abs(e[i] - a[i]) <= tolerance, $"{tensor.Name}[{i}]: committed {e[i]}, produced {a[i]}");
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
