using System.CommandLine;
using Recurrent.Aot.Interop;

namespace Recurrent.Aot.Cli.Commands;

/// <summary><c>recurrent import SOURCE [--config model.json] -o model.safetensors</c>: an ONNX or Keras model to the safetensors format.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE") { Description = "The model to import: an .onnx file (LSTM/GRU/RNN nodes, see docs/import-export.md), or a Keras .h5/.keras/.weights.h5 file (docs/import-keras.md)." };
        var config = new Option<string?>("--config") { Description = "Keras weights-only files: the model's JSON config (model.to_json())." };
        var output = new Option<string>("--output", "-o") { Description = "The .safetensors file to write (PyTorch state_dict names and recurrent.* metadata).", Required = true };
        var command = new Command("import", "Convert an ONNX or Keras recurrent model to a .safetensors file the runtime, the generator and 'recurrent run' read.")
        {
            source, config, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(source);
            string target = parse.GetRequiredValue(output);
            ImportedModel model;
            try
            {
                model = ModelImport.Import(path, parse.GetValue(config));
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
