using System.CommandLine;
using Recurrent.Aot.Interop;
using Recurrent.Aot.Interop.Onnx;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Commands;

/// <summary><c>recurrent export MODEL -o model.onnx [--module P]</c>: a safetensors model as an ONNX graph (opset 14).</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model: a .safetensors file with PyTorch state_dict names." };
        var output = new Option<string>("--output", "-o") { Description = "The .onnx file to write.", Required = true };
        var module = new Option<string?>("--module") { Description = "Which recurrent module to export when the file holds several: its name prefix." };
        var command = new Command("export", "Write a model as an ONNX graph of LSTM/GRU/RNN nodes (with its head and learned initial state) that ONNX Runtime runs.")
        {
            model, output, module,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(model);
            string target = parse.GetRequiredValue(output);
            SafeTensorsFile file = SafeTensorsFile.Load(path);
            try
            {
                OnnxExporter.Save(OnnxExporter.Export(file, parse.GetValue(module)), target);
            }
            catch (ModelImportException e)
            {
                throw new CliInputException($"{path}: {e.Message}", e);
            }

            parse.InvocationConfiguration.Output.WriteLine($"{target}: ONNX opset {OnnxExporter.Opset} written from {Path.GetFileName(path)}");
            return CliApp.Success;
        });
        return command;
    }
}
