namespace Recurrent.Aot.Training.Data;

/// <summary>A training data file cannot be used; the message names the file, the line (or index) and the problem.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException()
        : base("The training data cannot be used.")
    {
    }

    public DataFormatException(string message)
        : base(message)
    {
    }

    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
