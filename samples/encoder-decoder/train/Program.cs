using System.Globalization;
using Recurrent.Aot;
using Recurrent.Aot.Training.Cells;
using ReverseDigits.Train;

// Trains the reversal encoder–decoder and writes encoder.safetensors and decoder.safetensors.
// Usage: dotnet run -c Release --project samples/encoder-decoder/train -- [output folder] [--epochs N] [--hidden N] [--cell gru|lstm]
// With no options it makes the committed models (samples/encoder-decoder/models).
string output = "models";
var options = new ReverseTrainingOptions();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--epochs": options = options with { Epochs = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--hidden": options = options with { Hidden = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--examples": options = options with { ExamplesPerEpoch = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--max-length": options = options with { MaxLength = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--lr": options = options with { LearningRate = double.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--seed": options = options with { Seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
        case "--cell": options = options with { Cell = Enum.Parse<CellKind>(args[++i], ignoreCase: true) }; break;
        default: output = args[i]; break;
    }
}

Console.WriteLine(options);
ReverseTrainingResult result = ReverseTraining.Train(options, output, Console.WriteLine);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {result.EncoderPath} and {result.DecoderPath}: greedy exact match {result.ExactMatch:P2}, digits {result.DigitAccuracy:P2}, {result.Seconds:F0} s"));
return 0;
