using System.Diagnostics;
using System.Globalization;
using Recurrent.Aot;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Training;

namespace ReverseDigits.Train;

/// <summary>How the encoder–decoder is trained. The defaults made the committed models.</summary>
public sealed record ReverseTrainingOptions
{
    public CellKind Cell { get; init; } = CellKind.Gru;

    /// <summary>Hidden units of both the encoder and the decoder (the decoder starts from the encoder's final state).</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Strings have 1 to this many digits.</summary>
    public int MaxLength { get; init; } = 8;

    public int Epochs { get; init; } = 12;

    /// <summary>Fresh random strings each epoch (drawn from the seed and the epoch number).</summary>
    public int ExamplesPerEpoch { get; init; } = 40_000;

    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's learning rate in the first epoch; it falls linearly to a tenth of it in the last.</summary>
    public double LearningRate { get; init; } = 3e-3;

    public double ClipNorm { get; init; } = 1.0;

    public ulong Seed { get; init; } = 1;

    /// <summary>Held-out strings decoded greedily after every epoch (exact-match accuracy).</summary>
    public int CheckStrings { get; init; } = 2000;
}

/// <summary>What one training run reached.</summary>
/// <param name="ExactMatch">Fraction of the held-out strings whose greedy decoding is exactly the reversed string.</param>
/// <param name="DigitAccuracy">Fraction of the held-out strings' digits decoded right (position by position).</param>
public sealed record ReverseTrainingResult(double ExactMatch, double DigitAccuracy, double FinalLoss, double Seconds, string EncoderPath, string DecoderPath);

/// <summary>
/// Trains an encoder (a recurrent layer over the one-hot digits) and a decoder (the same cell and size with a
/// softmax head over the 10 digits) with the training library's <see cref="EncoderDecoderModel{T}"/>: the encoder's
/// final state is the decoder's initial state, and the decoder is taught with teacher forcing (step 0 sees zeros,
/// step j the one-hot of reversed digit j − 1). Exports <c>encoder.safetensors</c> and <c>decoder.safetensors</c>,
/// then checks them the way the app runs them: the runtime's RecurrentModel, greedy decoding (the one-hot of each
/// step's argmax fed back).
/// </summary>
public static class ReverseTraining
{
    public static ReverseTrainingResult Train(ReverseTrainingOptions options, string outputFolder, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(outputFolder);
        var clock = Stopwatch.StartNew();
        var encoder = new RecurrentNetwork<float>(new NetworkSpec(options.Cell, ReverseTask.Symbols, options.Hidden) { ModuleName = "encoder" });
        var decoder = new RecurrentNetwork<float>(new NetworkSpec(options.Cell, ReverseTask.Symbols, options.Hidden)
        {
            ModuleName = "decoder",
            HeadSize = ReverseTask.Symbols,
            HeadName = "head",
            HeadActivation = HeadActivation.Softmax,
        });
        Initializer.InitializeDefault(encoder, options.Seed);
        Initializer.InitializeDefault(decoder, options.Seed + 1);
        var model = new EncoderDecoderModel<float>(encoder, decoder, LossKind.SoftmaxCrossEntropy);
        var adam = new AdamOptimizer<float>(model.Parameters, options.LearningRate);
        var trainer = new Trainer<float>(model, adam, new TrainerOptions
        {
            BatchSize = options.BatchSize,
            ShardSize = Math.Max(1, options.BatchSize / 2),
            ClipNorm = options.ClipNorm,
            Seed = options.Seed,
        });
        var checkRng = new Pcg32(options.Seed, 7);
        var check = new List<int[]>(options.CheckStrings);
        for (int i = 0; i < options.CheckStrings; i++)
        {
            check.Add(ReverseTask.RandomDigits(checkRng, options.MaxLength));
        }

        string encoderPath = Path.Combine(outputFolder, "encoder.safetensors");
        string decoderPath = Path.Combine(outputFolder, "decoder.safetensors");
        double loss = double.NaN;
        (double exact, double digits) = (0, 0);
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            double progress = options.Epochs == 1 ? 0 : (double)epoch / (options.Epochs - 1);
            adam.LearningRate = options.LearningRate * (1 - (0.9 * progress));
            var data = ReverseTask.Examples(options.ExamplesPerEpoch, options.MaxLength, new Pcg32(options.Seed, 100 + (ulong)epoch));
            BatchStatistics stats = trainer.TrainEpoch(data, epoch);
            loss = stats.MeanLoss;
            ModelExporter.Save(encoder, encoderPath);
            ModelExporter.Save(decoder, decoderPath);
            (exact, digits) = Check(encoderPath, decoderPath, check);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1,2}/{options.Epochs}: loss {loss:F4}, teacher-forced digits {stats.Accuracy:P2}, greedy exact {exact:P2}, greedy digits {digits:P2} ({clock.Elapsed.TotalSeconds:F0} s)"));
        }

        return new ReverseTrainingResult(exact, digits, loss, clock.Elapsed.TotalSeconds, encoderPath, decoderPath);
    }

    /// <summary>Greedy decoding of every string with the runtime's models: (exact-match fraction, digit fraction).</summary>
    public static (double Exact, double Digits) Check(string encoderPath, string decoderPath, IReadOnlyList<int[]> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        RecurrentModel encoder = RecurrentModel.Load(encoderPath);
        RecurrentModel decoder = RecurrentModel.Load(decoderPath);
        int maxLength = strings.Max(s => s.Length);
        ModelWorkspace workspace = encoder.CreateWorkspace(maxLength);
        var state = new float[encoder.StateSize];
        var last = new float[encoder.OutputSize];
        var x = new float[decoder.InputSize];
        var y = new float[decoder.OutputSize];
        int exact = 0, rightDigits = 0, allDigits = 0;
        foreach (int[] digits in strings)
        {
            encoder.ResetState(state);
            encoder.RunLast(ReverseTask.OneHot(digits), state, last, workspace);
            Array.Clear(x);
            bool all = true;
            for (int t = 0; t < digits.Length; t++)
            {
                decoder.Step(x, state, y);
                int best = ArgMax(y);
                all &= best == digits[digits.Length - 1 - t];
                rightDigits += best == digits[digits.Length - 1 - t] ? 1 : 0;
                Array.Clear(x);
                x[best] = 1f;
            }

            exact += all ? 1 : 0;
            allDigits += digits.Length;
        }

        return ((double)exact / strings.Count, (double)rightDigits / allDigits);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
