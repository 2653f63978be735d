using System.Diagnostics;
using System.Globalization;
using System.Text;
using Recurrent.Aot;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Tasks;
using Recurrent.Aot.Training.Training;

namespace LongMemory.Train;

/// <summary>What to train: one model per cell kind and gap, all with the same size and budget.</summary>
public sealed record LongMemoryOptions
{
    public IReadOnlyList<CellKind> Cells { get; init; } = [CellKind.Rnn, CellKind.Lstm, CellKind.Gru];

    public IReadOnlyList<int> Gaps { get; init; } = [5, 10, 20, 50];

    /// <summary>Classes the first step shows; chance accuracy is 1/Symbols.</summary>
    public int Symbols { get; init; } = 4;

    /// <summary>The gap steps carry noise uniform in [−Noise, Noise].</summary>
    public double Noise { get; init; } = 3;

    public int Hidden { get; init; } = 32;

    public int TrainSequences { get; init; } = 2000;

    public int Epochs { get; init; } = 6;

    public int TestSequences { get; init; } = 500;

    public double LearningRate { get; init; } = 0.003;

    /// <summary>Initial bias of the gate that keeps memory (LSTM forget gate, GRU update gate).</summary>
    public double ForgetBias { get; init; } = 3;

    public ulong Seed { get; init; } = 1;

    /// <summary>The gap whose models the gradient norms are measured on (must be one of <see cref="Gaps"/>).</summary>
    public int GradientGap { get; init; } = 50;

    /// <summary>Sequences the gradient norms are averaged over.</summary>
    public int GradientSequences { get; init; } = 200;
}

/// <summary>One trained model and its accuracy on held-out sequences of its own gap.</summary>
public sealed record TrainedModel(CellKind Cell, int Gap, RecurrentNetwork<float> Network, double TestAccuracy, double Seconds)
{
    public string FileName => $"{Name(Cell)}-gap{Gap}.safetensors";

    public static string Name(CellKind cell) => cell.ToString().ToLowerInvariant();
}

/// <summary>
/// Mean ‖∂L/∂h_t‖ over sequences against the distance T−1−t from the last step (index 0 = the last state), for a
/// model before and after training; for an LSTM also ‖∂L/∂c_t‖. L is the sequence's own cross-entropy at the last step.
/// </summary>
public sealed record GradientProfile(CellKind Cell, double[] HiddenAtInit, double[] HiddenTrained, double[]? CellAtInit, double[]? CellTrained);

public sealed record LongMemoryResult(IReadOnlyList<TrainedModel> Models, IReadOnlyList<GradientProfile> Gradients);

/// <summary>
/// The long-memory experiment (seeds 000, 001 and 004): the first step of a sequence shows one of a few classes,
/// noise follows for a gap of steps, and the class must be named at the last step (the trainer's built-in
/// <see cref="RecallTask"/>). A vanilla RNN, an LSTM and a GRU of the same size are trained for each gap, and the
/// gradient of the loss with respect to each step's hidden state is measured through the trainer's backward pass.
/// </summary>
public static class LongMemoryTraining
{
    public static LongMemoryResult Run(LongMemoryOptions options, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var models = new List<TrainedModel>();
        var gradients = new List<GradientProfile>();
        foreach (CellKind cell in options.Cells)
        {
            foreach (int gap in options.Gaps)
            {
                RecurrentNetwork<float> network = CreateNetwork(cell, options);
                double[]? hInit = null;
                double[]? cInit = null;
                List<SequenceExample>? probe = null;
                if (gap == options.GradientGap)
                {
                    probe = RecallTask.Generate(options.GradientSequences, gap, options.Symbols, new Pcg32(options.Seed, 300), options.Noise);
                    (hInit, cInit) = MeasureGradientNorms(network, probe);
                }

                TrainedModel trained = Train(network, cell, gap, options);
                models.Add(trained);
                log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cell,-4} gap {gap,3}: test accuracy {trained.TestAccuracy:P1} ({trained.Seconds:F1} s)"));
                if (probe is not null)
                {
                    (double[] hTrained, double[]? cTrained) = MeasureGradientNorms(network, probe);
                    gradients.Add(new GradientProfile(cell, hInit!, hTrained, cInit, cTrained));
                }
            }
        }

        return new LongMemoryResult(models, gradients);
    }

    public static RecurrentNetwork<float> CreateNetwork(CellKind cell, LongMemoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = new NetworkSpec(cell, RecallTask.InputSize(options.Symbols), options.Hidden)
        {
            HeadSize = options.Symbols,
            HeadActivation = HeadActivation.Softmax,
        };
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, options.Seed, forgetBias: options.ForgetBias);
        network.Prepare();
        return network;
    }

    private static TrainedModel Train(RecurrentNetwork<float> network, CellKind cell, int gap, LongMemoryOptions options)
    {
        var stopwatch = Stopwatch.StartNew();
        var model = new SequenceModel<float>(network, LossKind.SoftmaxCrossEntropy, OutputMode.LastStep);
        var trainer = new Trainer<float>(
            model,
            new AdamOptimizer<float>(model.Parameters, options.LearningRate),
            new TrainerOptions { BatchSize = 32, ShardSize = 16, ClipNorm = 1.0, Seed = options.Seed });
        List<SequenceExample> train = RecallTask.Generate(options.TrainSequences, gap, options.Symbols, new Pcg32(options.Seed, 100), options.Noise);
        List<SequenceExample> test = RecallTask.Generate(options.TestSequences, gap, options.Symbols, new Pcg32(options.Seed, 200), options.Noise);
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            trainer.TrainEpoch(train, epoch);
        }

        double accuracy = trainer.Evaluate(test).Accuracy;
        return new TrainedModel(cell, gap, network, accuracy, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// ‖∂L/∂h_t‖ for every step t of equally long sequences, from the trainer's own backward pass: the states after
    /// step t come from a forward pass over steps 0..t, and the rest of the sequence is run again from them as
    /// initial state, so the backward pass's initial-state gradient is exactly ∂L/∂h_t (and ∂L/∂c_t). For the last
    /// state, ∂L/∂h = W_headᵀ (softmax(logits) − onehot(label)).
    /// </summary>
    public static (double[] Hidden, double[]? Cell) MeasureGradientNorms(RecurrentNetwork<float> network, IReadOnlyList<SequenceExample> sequences)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(sequences);
        NetworkSpec spec = network.Spec;
        DenseHead<float> head = network.Head ?? throw new ArgumentException("The network needs a classification head.", nameof(network));
        int n = sequences.Count;
        int steps = sequences[0].Steps;
        int x = spec.InputSize;
        int h = spec.StateSize;
        int classes = head.Outputs;
        bool lstm = spec.Cell == CellKind.Lstm;

        // Time-major (steps, n, x), as the network takes it.
        float[] input = new float[steps * n * x];
        int[] labels = new int[n];
        for (int b = 0; b < n; b++)
        {
            SequenceExample e = sequences[b];
            if (e.Steps != steps)
            {
                throw new ArgumentException("Every sequence must have the same length.", nameof(sequences));
            }

            labels[b] = e.Labels![0];
            for (int t = 0; t < steps; t++)
            {
                e.Inputs.AsSpan(t * x, x).CopyTo(input.AsSpan(((t * n) + b) * x));
            }
        }

        float[][] scratch = [.. network.Parameters.Select(p => new float[p.Length])];
        NetworkWorkspace<float> workspace = network.CreateWorkspace();
        float[] dLogits = new float[n * classes];
        float[] h0 = new float[n * h];
        float[] c0 = new float[lstm ? n * spec.HiddenSize : 0];
        double[] hidden = new double[steps];
        double[]? cell = lstm ? new double[steps] : null;

        for (int t = steps - 1; t >= 0; t--)
        {
            int distance = steps - 1 - t;
            network.Forward(workspace, input.AsSpan(0, (t + 1) * n * x), t + 1, n, default, OutputMode.LastStep);
            if (t == steps - 1)
            {
                SoftmaxGradient(workspace.Output, labels, classes, dLogits);
                float[] dh = new float[n * h];
                for (int b = 0; b < n; b++)
                {
                    for (int k = 0; k < classes; k++)
                    {
                        float g = dLogits[(b * classes) + k];
                        for (int j = 0; j < h; j++)
                        {
                            dh[(b * h) + j] += g * head.Weight.Value[(k * h) + j];
                        }
                    }
                }

                hidden[distance] = MeanRowNorm(dh, n, h);
                if (cell is not null)
                {
                    cell[distance] = double.NaN; // c_T reaches the loss only through h_T
                }

                continue;
            }

            workspace.FinalHidden.CopyTo(h0);
            workspace.FinalCell.CopyTo(c0);
            network.Forward(workspace, input.AsSpan((t + 1) * n * x), steps - 1 - t, n, default, OutputMode.LastStep, h0, c0);
            SoftmaxGradient(workspace.Output, labels, classes, dLogits);
            network.Backward(workspace, dLogits, scratch, initialStateGradient: true);
            hidden[distance] = MeanRowNorm(workspace.InitialHiddenGradient, n, h);
            if (cell is not null)
            {
                cell[distance] = MeanRowNorm(workspace.InitialCellGradient, n, spec.HiddenSize);
            }
        }

        return (hidden, cell);
    }

    /// <summary>Writes every model as {cell}-gap{gap}.safetensors, the gradient norms and the training-side accuracies.</summary>
    public static void Save(LongMemoryResult result, LongMemoryOptions options, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(folder);
        foreach (TrainedModel m in result.Models)
        {
            ModelExporter.Save(m.Network, Path.Combine(folder, m.FileName), new Dictionary<string, string>
            {
                ["train.seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
                ["train.task"] = string.Create(CultureInfo.InvariantCulture, $"recall symbols={options.Symbols} gap={m.Gap} noise={options.Noise}"),
            });
        }

        var accuracy = new StringBuilder("cell,gap,test_accuracy\n");
        foreach (TrainedModel m in result.Models)
        {
            accuracy.Append(CultureInfo.InvariantCulture, $"{TrainedModel.Name(m.Cell)},{m.Gap},{m.TestAccuracy:F4}\n");
        }

        File.WriteAllText(Path.Combine(folder, "training-accuracy.csv"), accuracy.ToString());
        File.WriteAllText(Path.Combine(folder, "gradient-norms.csv"), GradientCsv(result.Gradients));
    }

    /// <summary>
    /// One row per distance T−1−t; columns {cell}_h_init, {cell}_h_trained and, for an LSTM, lstm_c_init and
    /// lstm_c_trained (empty at distance 0, where c reaches the loss only through h).
    /// </summary>
    public static string GradientCsv(IReadOnlyList<GradientProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var columns = new List<(string Name, double[] Values)>();
        foreach (GradientProfile p in profiles)
        {
            string name = TrainedModel.Name(p.Cell);
            columns.Add(($"{name}_h_init", p.HiddenAtInit));
            columns.Add(($"{name}_h_trained", p.HiddenTrained));
        }

        foreach (GradientProfile p in profiles)
        {
            if (p.CellAtInit is not null && p.CellTrained is not null)
            {
                string name = TrainedModel.Name(p.Cell);
                columns.Add(($"{name}_c_init", p.CellAtInit));
                columns.Add(($"{name}_c_trained", p.CellTrained));
            }
        }

        var text = new StringBuilder("distance");
        foreach ((string name, _) in columns)
        {
            text.Append(',').Append(name);
        }

        text.Append('\n');
        int rows = columns.Count == 0 ? 0 : columns[0].Values.Length;
        for (int d = 0; d < rows; d++)
        {
            text.Append(d.ToString(CultureInfo.InvariantCulture));
            foreach ((_, double[] values) in columns)
            {
                text.Append(',');
                if (!double.IsNaN(values[d]))
                {
                    text.Append(values[d].ToString("G4", CultureInfo.InvariantCulture));
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static void SoftmaxGradient(ReadOnlySpan<float> logits, int[] labels, int classes, Span<float> gradient)
    {
        for (int b = 0; b < labels.Length; b++)
        {
            ReadOnlySpan<float> z = logits.Slice(b * classes, classes);
            Span<float> g = gradient.Slice(b * classes, classes);
            float max = float.NegativeInfinity;
            foreach (float v in z)
            {
                max = MathF.Max(max, v);
            }

            float sum = 0;
            for (int k = 0; k < classes; k++)
            {
                g[k] = MathF.Exp(z[k] - max);
                sum += g[k];
            }

            for (int k = 0; k < classes; k++)
            {
                g[k] = (g[k] / sum) - (k == labels[b] ? 1 : 0);
            }
        }
    }

    private static double MeanRowNorm(ReadOnlySpan<float> values, int rows, int width)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            foreach (float v in values.Slice(r * width, width))
            {
                sum += (double)v * v;
            }

            total += Math.Sqrt(sum);
        }

        return total / rows;
    }
}
