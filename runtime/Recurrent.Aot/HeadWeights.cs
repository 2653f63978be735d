namespace Recurrent.Aot;

/// <summary>The weights of a dense head in PyTorch <c>nn.Linear</c> layout.</summary>
public sealed class HeadWeights
{
    /// <summary><c>weight</c>: (O, D·H_out), row-major.</summary>
    public required float[] Weight { get; init; }

    /// <summary><c>bias</c>: (O), or null.</summary>
    public float[]? Bias { get; init; }

    /// <summary>An int8 file's own quantization of <see cref="Weight"/> (which holds q · scale); null otherwise.</summary>
    internal Kernels.Packing.Int8Matrix? StoredInt8Weight { get; init; }
}
