namespace Recurrent.Aot;

/// <summary>The activation applied after a dense head's linear layer.</summary>
public enum HeadActivation
{
    /// <summary>The linear output as is.</summary>
    None,
    /// <summary>Element-wise logistic sigmoid.</summary>
    Sigmoid,
    /// <summary>Softmax over the head's outputs of one step.</summary>
    Softmax,
}
