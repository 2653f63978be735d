namespace Recurrent.Aot.Interop.Keras;

/// <summary>One stored Keras weight: where it was found, its float32 values (row-major) and its shape.</summary>
internal sealed record KerasTensor(string Path, float[] Data, int[] Shape)
{
    public string ShapeText => $"({string.Join(", ", Shape)})";
}

/// <summary>The weights of a model's layers, as one of Keras's file layouts stores them.</summary>
internal interface IKerasWeightStore
{
    /// <summary>
    /// The weights of each layer of the chain, in Keras's order (kernel, recurrent_kernel, bias; a Bidirectional's
    /// forward weights then its backward weights; Dense kernel, bias).
    /// </summary>
    IReadOnlyList<IReadOnlyList<KerasTensor>> Read(IReadOnlyList<KerasLayer> layers);
}
