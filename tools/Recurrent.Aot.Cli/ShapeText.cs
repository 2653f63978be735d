namespace Recurrent.Aot.Cli;

/// <summary>Shapes written the way NumPy and PyTorch print them: (2, 3), (5,), ().</summary>
internal static class ShapeText
{
    public static string Format(int[] shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
