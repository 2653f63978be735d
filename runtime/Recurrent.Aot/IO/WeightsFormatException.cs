namespace Recurrent.Aot.IO;

/// <summary>A weights or array file is malformed or inconsistent; the message names the problem.</summary>
public sealed class WeightsFormatException : Exception
{
    /// <summary>A malformed file, with a generic message.</summary>
    public WeightsFormatException()
        : base("The weights file is malformed.")
    {
    }

    /// <summary>A malformed file; <paramref name="message"/> names the problem.</summary>
    /// <param name="message">What is wrong, and where.</param>
    public WeightsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>A malformed file found through <paramref name="innerException"/>.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="innerException">The error that revealed it.</param>
    public WeightsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
