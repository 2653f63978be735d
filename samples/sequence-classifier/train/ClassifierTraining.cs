using System.Globalization;
using Recurrent.Aot;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Training;
using SequenceClassifier.Data;

namespace SequenceClassifier.Training;

/// <summary>
/// Seed 002's Keras settings: <c>LSTM(50, activation='relu')</c> or <c>GRU(50, activation='relu')</c> over 20 steps
/// of one value, <c>Dense(2, activation='softmax')</c>, Adam (learning rate 1e-3), categorical cross-entropy,
/// batch 32, 10 epochs, no gradient clipping.
/// </summary>
public sealed record ClassifierRecipe
{
    public int Hidden { get; init; } = 50;

    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seed of the initial weights and of the per-epoch shuffles (the data has its own, <see cref="SyntheticClassification.DefaultSeed"/>).</summary>
    public ulong Seed { get; init; } = 42;
}

/// <summary>A trained model: its network, the statistics of every epoch on the training split, and on the test split at the end.</summary>
public sealed record TrainedClassifier(CellKind Cell, RecurrentNetwork<float> Network, IReadOnlyList<BatchStatistics> Epochs, BatchStatistics Test)
{
    public string FileName => ClassifierTraining.FileName(Cell);
}

/// <summary>Trains and exports the sample's LSTM and GRU classifiers; the training program and the tests call this.</summary>
public static class ClassifierTraining
{
    public static readonly CellKind[] Cells = [CellKind.Lstm, CellKind.Gru];

    /// <summary>The file the app embeds for a cell kind.</summary>
    public static string FileName(CellKind cell) => cell == CellKind.Lstm ? "lstm-relu.safetensors" : "gru-relu.safetensors";

    /// <summary>
    /// The architecture. Keras <c>activation='relu'</c> is the candidate activation, and for the LSTM also the
    /// cell activation (h' = o ⊙ relu(c')); the gates keep Keras's <c>recurrent_activation</c>, sigmoid.
    /// </summary>
    public static NetworkSpec Spec(CellKind cell, int hidden) => new(cell, inputSize: 1, hidden)
    {
        CandidateActivation = Activation.Relu,
        CellActivation = cell == CellKind.Lstm ? Activation.Relu : Activation.Tanh,
        HeadSize = SyntheticClassification.Classes,
        HeadActivation = HeadActivation.Softmax,
        ModuleName = cell == CellKind.Lstm ? "lstm" : "gru",
        HeadName = "dense",
    };

    /// <summary>One sequence per sample: its features as steps of one value, its class as the label of the last step.</summary>
    public static List<SequenceExample> Sequences(LabelledSamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var examples = new List<SequenceExample>(samples.Count);
        for (int n = 0; n < samples.Count; n++)
        {
            examples.Add(SequenceExample.WithLabels(samples.Features(n).ToArray(), samples.FeatureCount, [samples.Label(n)]));
        }

        return examples;
    }

    public static TrainedClassifier Train(CellKind cell, LabelledSamples train, LabelledSamples test, ClassifierRecipe recipe, Action<int, BatchStatistics>? epochDone = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var network = new RecurrentNetwork<float>(Spec(cell, recipe.Hidden));

        // PyTorch's initialisation; the LSTM's forget-gate bias starts at 1 (Keras unit_forget_bias=True).
        Initializer.InitializeDefault(network, recipe.Seed, cell == CellKind.Lstm ? 1.0 : null);
        var model = new SequenceModel<float>(network, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);
        var trainer = new Trainer<float>(model, new AdamOptimizer<float>(model.Parameters, recipe.LearningRate), new TrainerOptions
        {
            BatchSize = recipe.BatchSize,
            Seed = recipe.Seed,
        });

        List<SequenceExample> trainSequences = Sequences(train);
        var epochs = new List<BatchStatistics>();
        for (int epoch = 0; epoch < recipe.Epochs; epoch++)
        {
            BatchStatistics stats = trainer.TrainEpoch(trainSequences, epoch);
            epochs.Add(stats);
            epochDone?.Invoke(epoch, stats);
        }

        return new TrainedClassifier(cell, network, epochs, trainer.Evaluate(Sequences(test)));
    }

    /// <summary>Where the models go, under the sample's folder.</summary>
    public const string ModelsFolder = "models";

    /// <summary>Where the trainer's reference outputs go, under the sample's folder (compiled into the app).</summary>
    public const string ReferenceSourcePath = "app/TrainerReference.cs";

    /// <summary>
    /// Trains both models on the default data's 80/20 split and writes them under <paramref name="sampleFolder"/>:
    /// <c>models/lstm-relu.safetensors</c>, <c>models/gru-relu.safetensors</c> and <c>app/TrainerReference.cs</c>.
    /// </summary>
    public static IReadOnlyList<TrainedClassifier> TrainAndSave(string sampleFolder, ClassifierRecipe recipe, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        (LabelledSamples train, LabelledSamples test) = SyntheticClassification.Split(SyntheticClassification.Generate());
        IReadOnlyList<TrainedClassifier> results = TrainAll(train, test, recipe, log);
        foreach (TrainedClassifier trained in results)
        {
            string path = Path.Combine(sampleFolder, ModelsFolder, trained.FileName);
            ModelExporter.Save(trained.Network, path, Metadata(trained, recipe));
            log?.WriteLine($"wrote {path}");
        }

        string reference = Path.Combine(sampleFolder, ReferenceSourcePath);
        Directory.CreateDirectory(Path.GetDirectoryName(reference)!);
        File.WriteAllText(reference, ReferenceSource(results, test));
        log?.WriteLine($"wrote {reference}");
        return results;
    }

    /// <summary>Trains the LSTM, then the GRU, logging every epoch.</summary>
    public static IReadOnlyList<TrainedClassifier> TrainAll(LabelledSamples train, LabelledSamples test, ClassifierRecipe recipe, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var results = new List<TrainedClassifier>();
        foreach (CellKind cell in Cells)
        {
            string name = cell.ToString().ToUpperInvariant();
            TrainedClassifier trained = Train(cell, train, test, recipe, (epoch, stats) =>
                log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} epoch {epoch + 1}/{recipe.Epochs}: loss {stats.MeanLoss:F4}, accuracy {stats.Accuracy:F4}")));
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} test: loss {trained.Test.MeanLoss:F4}, accuracy {trained.Test.Accuracy:F4} ({trained.Test.Correct}/{trained.Test.Predictions})"));
            results.Add(trained);
        }

        return results;
    }

    /// <summary>P(class 1) for every test sequence, from the trainer's own float32 forward pass (softmax of the head's logits).</summary>
    public static float[] ClassOneProbabilities(RecurrentNetwork<float> network, LabelledSamples test)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(test);
        int steps = test.FeatureCount;
        int batch = test.Count;

        // Time-major (steps, batch, 1), as the trainer takes its input.
        float[] input = new float[steps * batch];
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> x = test.Features(n);
            for (int t = 0; t < steps; t++)
            {
                input[(t * batch) + n] = x[t];
            }
        }

        NetworkWorkspace<float> workspace = network.CreateWorkspace();
        network.Forward(workspace, input, steps, batch, default, OutputMode.LastStep);
        ReadOnlySpan<float> logits = workspace.Output;
        float[] probabilities = new float[batch];
        for (int n = 0; n < batch; n++)
        {
            probabilities[n] = 1f / (1f + MathF.Exp(logits[2 * n] - logits[(2 * n) + 1]));
        }

        return probabilities;
    }

    /// <summary>The C# source of <c>app/TrainerReference.cs</c>: each model's P(class 1) per test sequence, as the trainer computed it.</summary>
    public static string ReferenceSource(IReadOnlyList<TrainedClassifier> trained, LabelledSamples test)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var text = new System.Text.StringBuilder();
        text.Append(
            """
            // <auto-generated>
            // Written by samples/sequence-classifier/train (ClassifierTraining.ReferenceSource) with the models in ../models.
            // Regenerate both together: see samples/sequence-classifier/README.md.
            // </auto-generated>
            namespace SequenceClassifier;

            /// <summary>P(class 1) of every test sequence as the trainer's float32 forward pass computed it, per model.</summary>
            internal static class TrainerReference
            {

            """);
        foreach (TrainedClassifier model in trained)
        {
            float[] p = ClassOneProbabilities(model.Network, test);
            string name = model.Cell == CellKind.Lstm ? "Lstm" : "Gru";
            text.Append(CultureInfo.InvariantCulture, $"    public static ReadOnlySpan<float> {name} =>\n    [\n");
            for (int start = 0; start < p.Length; start += 8)
            {
                text.Append("        ");
                text.AppendJoin(' ', p.Skip(start).Take(8).Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "f,"));
                text.Append('\n');
            }

            text.Append("    ];\n");
            if (model != trained[^1])
            {
                text.Append('\n');
            }
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>What the file records about its training, besides the model's own <c>recurrent.*</c> keys.</summary>
    public static Dictionary<string, string> Metadata(TrainedClassifier trained, ClassifierRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(recipe);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["train.program"] = "samples/sequence-classifier/train",
            ["train.seed"] = recipe.Seed.ToString(CultureInfo.InvariantCulture),
            ["train.data_seed"] = SyntheticClassification.DefaultSeed.ToString(CultureInfo.InvariantCulture),
            ["train.epochs"] = recipe.Epochs.ToString(CultureInfo.InvariantCulture),
            ["train.batch_size"] = recipe.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["train.learning_rate"] = recipe.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["train.test_accuracy"] = trained.Test.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
        };
    }
}
