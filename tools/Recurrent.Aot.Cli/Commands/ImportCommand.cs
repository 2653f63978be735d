using System.CommandLine;
using Recurrent.Aot.Interop;

namespace Recurrent.Aot.Cli.Commands;

/// <summary><c>recurrent import SOURCE -o model.safetensors</c>: an ONNX (or, once supported, Keras) model to the safetensors format.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "The model to import: an .onnx file (LSTM/GRU/RNN nodes, see docs/import-export.md)." };
        var output = new Option<string>("--output", "-o") { Description = "The .safetensors file to write (PyTorch state_dict names and recurrent.* metadata).", Required = true };
        var command = new Command("import", "Convert an ONNX recurrent model to a .safetensors file the runtime, the generator and 'recurrent run' read.")
        {
            source, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(source);
            string target = parse.GetRequiredValue(output);
            ImportedModel model;
            try
            {
                model = ModelImport.Import(path);
                model.Save(target);
            }
            catch (ModelImportException e)
            {
                throw new CliInputException($"{path}: {e.Message}", e);
            }

            parse.InvocationConfiguration.Output.WriteLine($"{target}: {ModelDescription.Short(model.Spec)} imported from {Path.GetFileName(path)}");
            return CliApp.Success;
        });
        return command;
    }
}
