using System.Diagnostics;
using System.Globalization;
using LongMemory.Train;

// Trains the long-memory sample's 12 models (RNN, LSTM, GRU × gaps 5, 10, 20, 50) and writes them, with the
// measured gradient norms, to the folder given as the only argument (default: samples/long-memory/models).
string folder = args.Length > 0 ? args[0] : Path.Combine("samples", "long-memory", "models");
var options = new LongMemoryOptions();
var stopwatch = Stopwatch.StartNew();
LongMemoryResult result = LongMemoryTraining.Run(options, Console.Out);
LongMemoryTraining.Save(result, options, folder);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {result.Models.Count} models and gradient-norms.csv to {folder} in {stopwatch.Elapsed.TotalSeconds:F1} s"));
