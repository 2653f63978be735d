namespace Recurrent.Aot.IO;

/// <summary>A weights or array file is malformed or inconsistent; the message names the problem.</summary>
public sealed class WeightsFormatException : Exception
{
    public WeightsFormatException()
        : base("The weights file is malformed.")
    {
    }

    public WeightsFormatException(string message)
        : base(message)
    {
    }

    public WeightsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
