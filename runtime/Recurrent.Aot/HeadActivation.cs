namespace Recurrent.Aot;

/// <summary>The activation applied after a dense head's linear layer.</summary>
#if NETSTANDARD2_0
// Internal in the generator, which compiles this file: a public copy there would clash with the runtime's type.
internal enum HeadActivation
#else
public enum HeadActivation
#endif
{
    /// <summary>The linear output as is.</summary>
    None,
    /// <summary>Element-wise logistic sigmoid.</summary>
    Sigmoid,
    /// <summary>Softmax over the head's outputs of one step.</summary>
    Softmax,
}
