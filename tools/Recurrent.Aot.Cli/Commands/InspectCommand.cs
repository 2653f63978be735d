using System.CommandLine;
using Recurrent.Aot.Cli.Inspection;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Commands;

/// <summary><c>recurrent inspect MODEL [--module P]</c>: architecture, tensors, metadata, parameter count.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model: a .safetensors file with PyTorch state_dict names." };
        var module = new Option<string?>("--module")
        {
            Description = "Which recurrent module to describe when the file holds several: its name prefix (lstm, encoder.rnn).",
        };
        var command = new Command("inspect", "Print a model's inferred architecture, its tensors, metadata and parameter count.")
        {
            model, module,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetRequiredValue(model);
            SafeTensorsFile file = SafeTensorsFile.Load(path);
            RecurrentModuleInfo chosen = ModuleCatalog.Choose(file, parse.GetValue(module), path);
            RecurrentModel loaded = ModelLoader.Load(file, path, chosen.Prefix, cell: null, nonlinearity: null);
            new ModelReport(path, file, chosen, loaded.Spec).Write(parse.InvocationConfiguration.Output);
            return CliApp.Success;
        });
        return command;
    }
}
