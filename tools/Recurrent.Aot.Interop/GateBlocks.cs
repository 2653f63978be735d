namespace Recurrent.Aot.Interop;

/// <summary>
/// Reorders the gate row blocks of a weight matrix or bias (G blocks of H rows of <c>columns</c> floats), the one
/// conversion every framework needs: ONNX LSTM i,o,f,c and Keras i,f,c,o to PyTorch i,f,g,o; ONNX and Keras GRU
/// z,r,h to PyTorch r,z,n.
/// </summary>
public static class GateBlocks
{
    /// <summary>ONNX LSTM (i, o, f, c) → PyTorch (i, f, g, o): PyTorch block k is ONNX block <c>[k]</c>.</summary>
    public static readonly int[] OnnxLstmToTorch = [0, 2, 3, 1];

    /// <summary>PyTorch LSTM (i, f, g, o) → ONNX (i, o, f, c).</summary>
    public static readonly int[] TorchLstmToOnnx = [0, 3, 1, 2];

    /// <summary>ONNX/Keras GRU (z, r, h) ↔ PyTorch (r, z, n): the same swap both ways.</summary>
    public static readonly int[] GruSwap = [1, 0, 2];

    /// <summary>ONNX peepholes (i, o, f) ↔ the file format's <c>weight_ph</c> (i, f, o): the same swap both ways.</summary>
    public static readonly int[] PeepholeSwap = [0, 2, 1];

    /// <summary>Block k of the result is block <c>order[k]</c> of <paramref name="source"/>; each block is <paramref name="blockLength"/> floats.</summary>
    public static float[] Reorder(ReadOnlySpan<float> source, int blockLength, ReadOnlySpan<int> order)
    {
        if (source.Length != blockLength * order.Length)
            throw new ArgumentException($"Expected {order.Length} blocks of {blockLength} floats ({order.Length * blockLength}) but got {source.Length}.", nameof(source));
        var result = new float[source.Length];
        for (int k = 0; k < order.Length; k++)
            source.Slice(order[k] * blockLength, blockLength).CopyTo(result.AsSpan(k * blockLength));
        return result;
    }
}
