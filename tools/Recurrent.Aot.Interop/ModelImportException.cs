namespace Recurrent.Aot.Interop;

/// <summary>
/// A model file cannot be imported or exported: the message is one line naming the file's part at fault (a node,
/// its op type, a tensor) and what was expected. Every importer failure is this type, whatever the input bytes.
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
