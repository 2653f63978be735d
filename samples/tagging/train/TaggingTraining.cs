using System.Diagnostics;
using System.Globalization;
using Recurrent.Aot;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Training;

namespace Tagging.Train;

/// <summary>What to train: a GRU tagger over one-hot tokens with a softmax head on every step (N→N).</summary>
public sealed record TaggingOptions
{
    public bool Bidirectional { get; init; } = true;

    /// <summary>Units per direction.</summary>
    public int Hidden { get; init; } = 16;

    public int TrainSentences { get; init; } = 3000;

    public int Epochs { get; init; } = 8;

    public int TestSentences { get; init; } = 1000;

    public double LearningRate { get; init; } = 0.01;

    public ulong Seed { get; init; } = 1;
}

public sealed record TaggingResult(RecurrentNetwork<float> Network, double TokenAccuracy, double SentenceAccuracy, double Seconds);

/// <summary>
/// Trains the tagging sample's model with the project's trainer: sentences from <see cref="Corpus"/>, one-hot
/// tokens, cross-entropy on every token's tag (sentences of a shard are padded; padded steps are masked).
/// </summary>
public static class TaggingTraining
{
    public static TaggingResult Run(TaggingOptions options, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var spec = new NetworkSpec(CellKind.Gru, Corpus.VocabularySize, options.Hidden)
        {
            Bidirectional = options.Bidirectional,
            HeadSize = Corpus.Tags.Length,
            HeadActivation = HeadActivation.Softmax,
        };
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, options.Seed);
        var model = new SequenceModel<float>(network, LossKind.SoftmaxCrossEntropy, OutputMode.EveryStep);
        var trainer = new Trainer<float>(
            model,
            new AdamOptimizer<float>(model.Parameters, options.LearningRate),
            new TrainerOptions { BatchSize = 32, ShardSize = 16, ClipNorm = 1.0, Seed = options.Seed });
        List<SequenceExample> train = Sentences(options.TrainSentences, new SplitMix64((options.Seed * 1000) + 1));
        List<SequenceExample> test = Sentences(options.TestSentences, new SplitMix64((options.Seed * 1000) + 2));
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            BatchStatistics s = trainer.TrainEpoch(train, epoch);
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}: loss {s.MeanLoss:F4}, token accuracy {s.Accuracy:P2}"));
        }

        (double tokens, double sentences) = Evaluate(network, test);
        return new TaggingResult(network, tokens, sentences, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>Sentences as training examples: one-hot inputs (length × vocabulary), one tag label per token.</summary>
    public static List<SequenceExample> Sentences(int count, SplitMix64 rng)
    {
        var examples = new List<SequenceExample>(count);
        Span<int> tokens = stackalloc int[Corpus.MaxTokens];
        Span<int> tags = stackalloc int[Corpus.MaxTokens];
        for (int i = 0; i < count; i++)
        {
            int n = Corpus.Generate(ref rng, tokens, tags);
            float[] inputs = new float[n * Corpus.VocabularySize];
            Corpus.OneHot(tokens[..n], inputs);
            examples.Add(SequenceExample.WithLabels(inputs, n, tags[..n].ToArray()));
        }

        return examples;
    }

    /// <summary>Token accuracy and the fraction of sentences with every tag right.</summary>
    public static (double Tokens, double Sentences) Evaluate(RecurrentNetwork<float> network, IReadOnlyList<SequenceExample> sentences)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(sentences);
        network.Prepare();
        NetworkWorkspace<float> workspace = network.CreateWorkspace();
        int classes = network.Spec.OutputSize;
        long correctTokens = 0;
        long tokens = 0;
        int correctSentences = 0;
        foreach (SequenceExample e in sentences)
        {
            network.Forward(workspace, e.Inputs, e.Steps, 1, default, OutputMode.EveryStep);
            bool allRight = true;
            for (int t = 0; t < e.Steps; t++)
            {
                ReadOnlySpan<float> logits = workspace.Output.Slice(t * classes, classes);
                int best = 0;
                for (int k = 1; k < classes; k++)
                {
                    best = logits[k] > logits[best] ? k : best;
                }

                bool right = best == e.Labels![t];
                correctTokens += right ? 1 : 0;
                allRight &= right;
            }

            tokens += e.Steps;
            correctSentences += allRight ? 1 : 0;
        }

        return ((double)correctTokens / tokens, (double)correctSentences / sentences.Count);
    }

    public static void Save(TaggingResult result, TaggingOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        ModelExporter.Save(result.Network, path, new Dictionary<string, string>
        {
            ["train.seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["train.task"] = "slot filling, one-hot tokens (samples/tagging/Corpus.cs), tags " + string.Join(' ', Corpus.Tags),
        });
    }
}
