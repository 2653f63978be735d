namespace Recurrent.Aot;

/// <summary>Where a GRU applies its reset gate r in the candidate n.</summary>
#if NETSTANDARD2_0
// Internal in the generator, which compiles this file: a public copy there would clash with the runtime's type.
internal enum GruResetMode
#else
public enum GruResetMode
#endif
{
    /// <summary>n = act(W_in x + b_in + r ⊙ (W_hn h + b_hn)): PyTorch, ONNX linear_before_reset=1, Keras reset_after=True.</summary>
    AfterMatmul,
    /// <summary>n = act(W_in x + b_in + W_hn (r ⊙ h) + b_hn): the original GRU, ONNX default, Keras reset_after=False.</summary>
    BeforeMatmul,
}
