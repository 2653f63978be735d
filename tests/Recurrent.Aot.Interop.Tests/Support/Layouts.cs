namespace Recurrent.Aot.Interop.Tests.Support;

/// <summary>Moves tensors between ONNX's layouts and the runtime's (seq, batch, features) rows.</summary>
public static class Layouts
{
    /// <summary>Swaps the first two axes of a rank-3 tensor (a, b, c) → (b, a, c).</summary>
    public static float[] SwapFirstTwo(float[] data, int a, int b, int c)
    {
        var result = new float[data.Length];
        for (int i = 0; i < a; i++)
        {
            for (int j = 0; j < b; j++)
                data.AsSpan((i * b + j) * c, c).CopyTo(result.AsSpan((j * a + i) * c));
        }

        return result;
    }

    /// <summary>ONNX Y (seq, D, batch, H), or (batch, seq, D, H) with layout 1, as (seq, batch, D·H).</summary>
    public static float[] FromOnnxY(OrtTensor y, bool layout1)
    {
        int[] s = y.Shape;
        int seq = layout1 ? s[1] : s[0], batch = layout1 ? s[0] : s[2], dirs = layout1 ? s[2] : s[1], hidden = s[3];
        var result = new float[y.Data.Length];
        for (int t = 0; t < seq; t++)
        {
            for (int d = 0; d < dirs; d++)
            {
                for (int b = 0; b < batch; b++)
                {
                    int from = layout1 ? ((b * seq + t) * dirs + d) * hidden : ((t * dirs + d) * batch + b) * hidden;
                    y.Data.AsSpan(from, hidden).CopyTo(result.AsSpan(((t * batch + b) * dirs + d) * hidden));
                }
            }
        }

        return result;
    }
}
