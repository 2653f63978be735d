using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli;

/// <summary>Turns a parsed file and the command line's overrides into a runtime model.</summary>
internal static class ModelLoader
{
    public static RecurrentModel Load(SafeTensorsFile file, string path, string module, string? cell, string? nonlinearity)
    {
        var options = new ModelLoadOptions
        {
            Module = module,
            Cell = cell switch
            {
                null => null,
                "lstm" => CellKind.Lstm,
                "gru" => CellKind.Gru,
                "rnn" => CellKind.Rnn,
                _ => throw new CliInputException($"--cell {cell} is not a cell kind; expected lstm, gru or rnn."),
            },
            Nonlinearity = nonlinearity switch
            {
                null => null,
                "tanh" => Activation.Tanh,
                "relu" => Activation.Relu,
                _ => throw new CliInputException($"--nonlinearity {nonlinearity} is not supported; expected tanh or relu."),
            },
        };

        try
        {
            return RecurrentModel.FromSafeTensors(file, options);
        }
        catch (WeightsFormatException e)
        {
            throw new CliInputException($"{path}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // The runtime reports inconsistent shapes and options as argument errors.
            throw new CliInputException($"{path}: {e.Message}", e);
        }
    }
}
