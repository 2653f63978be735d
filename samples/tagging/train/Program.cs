using System.Diagnostics;
using System.Globalization;
using Tagging.Train;

// Trains the tagging sample's bidirectional GRU and writes it to the folder given as the only argument
// (default: samples/tagging/models). A unidirectional GRU of the same size is trained alongside for comparison.
string folder = args.Length > 0 ? args[0] : Path.Combine("samples", "tagging", "models");
var stopwatch = Stopwatch.StartNew();
foreach ((string file, TaggingOptions options) in new[]
{
    ("tagger.safetensors", new TaggingOptions()),
    ("tagger-forward-only.safetensors", new TaggingOptions { Bidirectional = false }),
})
{
    Console.WriteLine(options.Bidirectional ? "bidirectional GRU:" : "forward-only GRU (same units per direction):");
    TaggingResult result = TaggingTraining.Run(options, Console.Out);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  held-out sentences: token accuracy {result.TokenAccuracy:P2}, sentences all right {result.SentenceAccuracy:P1} ({result.Seconds:F1} s)"));
    Directory.CreateDirectory(folder);
    TaggingTraining.Save(result, options, Path.Combine(folder, file));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote the models to {folder} in {stopwatch.Elapsed.TotalSeconds:F1} s"));
