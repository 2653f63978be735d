namespace Recurrent.Aot.Interop;

/// <summary>
/// A model file from another framework cannot be imported: it is malformed, truncated, or uses something the
/// runtime cannot compute exactly. The message names the file, the layer or tensor, and what was expected.
/// </summary>
public sealed class ModelImportException : Exception
{
    public ModelImportException()
        : base("The model cannot be imported.")
    {
    }

    public ModelImportException(string message)
        : base(message)
    {
    }

    public ModelImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
