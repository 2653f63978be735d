using System.CommandLine;
using Recurrent.Aot.Cli.Commands;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli;

/// <summary>
/// The <c>recurrent</c> command. Exit codes: 0 success, 1 bad input (missing or malformed file, wrong
/// shape...), 2 usage error (unknown option, missing argument). Errors are one line on stderr.
/// </summary>
public static class CliApp
{
    public const int Success = 0;
    public const int InputError = 1;
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        ParseResult parse = CreateRootCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            string command = parse.CommandResult.Command is RootCommand ? "recurrent" : $"recurrent {parse.CommandResult.Command.Name}";
            stderr.WriteLine($"error: {OneLine(parse.Errors[0].Message)} (see '{command} --help')");
            return UsageError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CliInputException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (WeightsFormatException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (FileNotFoundException e)
        {
            return Fail(stderr, $"file not found: {e.FileName ?? e.Message}");
        }
        catch (DirectoryNotFoundException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (IOException e)
        {
            return Fail(stderr, e.Message);
        }
    }

    internal static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Run, inspect, train, import and export recurrent neural networks (RNN, LSTM, GRU) stored as safetensors.");
        foreach (Command command in CreateCommands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static IEnumerable<Command> CreateCommands()
    {
        yield return RunCommand.Create();
        yield return InspectCommand.Create();
        yield return TrainCommand.Create();
        yield return ImportCommand.Create();
        yield return ExportCommand.Create();
        yield return QuantizeCommand.Create();
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + OneLine(message));
        return InputError;
    }

    /// <summary>Errors are one line, whatever the message held (parsers list allowed values one per line).</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
