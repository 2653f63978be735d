using System.CommandLine;
using System.Globalization;
using Recurrent.Aot.Cli.Inspection;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Commands;

/// <summary>
/// <c>recurrent quantize IN OUT --precision bfloat16|int8 [--module P]</c>: a float32 model file with its weight
/// matrices stored in a reduced precision (docs/file-format.md); every other tensor and all metadata are kept.
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "The float32 model: a .safetensors file with PyTorch state_dict names." };
        var output = new Argument<string>("OUT") { Description = "The .safetensors file to write." };
        var precision = new Option<string>("--precision")
        {
            Description = "How to store the weight matrices: bfloat16 (half the bytes) or int8 (a quarter, one float32 scale per row).",
            Required = true,
        };
        precision.AcceptOnlyFromAmong("bfloat16", "int8");
        var module = new Option<string?>("--module") { Description = "Which recurrent module to convert when the file holds several: its name prefix." };
        var command = new Command("quantize", "Store a float32 model's weight matrices as bfloat16 or int8 (biases, states and sums stay float32); load the result with the same precision to run it.")
        {
            input, output, precision, module,
        };
        command.SetAction(parse =>
        {
            string source = parse.GetRequiredValue(input);
            string target = parse.GetRequiredValue(output);
            WeightPrecision chosen = parse.GetRequiredValue(precision) == "int8" ? WeightPrecision.Int8 : WeightPrecision.BFloat16;
            SafeTensorsFile file = SafeTensorsFile.Load(source);
            SafeTensorsWriter writer;
            try
            {
                writer = WeightPrecisionConverter.Convert(file, chosen, new ModelLoadOptions { Module = parse.GetValue(module) });
            }
            catch (WeightsFormatException e)
            {
                throw new CliInputException($"{source}: {e.Message}", e);
            }

            writer.Save(target);
            WeightSummary before = WeightSummary.Of(file, parse.GetValue(module));
            WeightSummary after = WeightSummary.Of(SafeTensorsFile.Load(target), parse.GetValue(module));
            parse.InvocationConfiguration.Output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{target}: {after.Precision} weights written from {Path.GetFileName(source)} ({before.Bytes:N0} -> {after.Bytes:N0} bytes of weight matrices)"));
            return CliApp.Success;
        });
        return command;
    }
}
