namespace Recurrent.Aot.Cli;

/// <summary>The user's files or values cannot be used; the message says what was expected.</summary>
public sealed class CliInputException : Exception
{
    public CliInputException()
        : base("The input cannot be used.")
    {
    }

    public CliInputException(string message)
        : base(message)
    {
    }

    public CliInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
