namespace Recurrent.Aot;

/// <summary>Where a GRU applies its reset gate r in the candidate n.</summary>
public enum GruResetMode
{
    /// <summary>n = act(W_in x + b_in + r ⊙ (W_hn h + b_hn)): PyTorch, ONNX linear_before_reset=1, Keras reset_after=True.</summary>
    AfterMatmul,
    /// <summary>n = act(W_in x + b_in + W_hn (r ⊙ h) + b_hn): the original GRU, ONNX default, Keras reset_after=False.</summary>
    BeforeMatmul,
}
