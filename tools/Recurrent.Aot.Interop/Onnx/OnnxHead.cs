namespace Recurrent.Aot.Interop.Onnx;

/// <summary>A dense head read from MatMul/Gemm (+Add) (+Sigmoid/Softmax): weight (O, F) as a PyTorch Linear holds it.</summary>
internal sealed class OnnxHead
{
    public required float[] Weight { get; init; }

    public float[]? Bias { get; set; }

    public required int Outputs { get; init; }

    public required int Features { get; init; }

    public HeadActivation Activation { get; set; }
}
