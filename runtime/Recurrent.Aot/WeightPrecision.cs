namespace Recurrent.Aot;

/// <summary>
/// How a model stores its weight matrices (W_ih, W_hh, W_hr and the head's W). State, biases, peepholes and every
/// sum stay float32 whatever the precision. A reduced precision changes the model's numbers, so the library never
/// picks one by itself: it is asked for (<c>ModelLoadOptions.WeightPrecision</c>, or <c>WeightPrecision</c> on <c>[RecurrentModel]</c>) or, at its own precision,
/// kept from a file that was converted on purpose (docs/file-format.md).
/// </summary>
#pragma warning disable CA1720 // The members are named after the number formats they store, as the file metadata spells them.
#if NETSTANDARD2_0
// Internal in the generator, which compiles this file: a public copy there would clash with the runtime's type.
internal enum WeightPrecision
#else
public enum WeightPrecision
#endif
{
    /// <summary>float32 weights: the default, and the numbers of the file as given.</summary>
    Float32,

    /// <summary>
    /// bfloat16 weights (the upper 16 bits of a float32, rounded to nearest even): half the bytes streamed per step,
    /// widened to float32 in registers; about 3 significant decimal digits per weight.
    /// </summary>
    BFloat16,

    /// <summary>
    /// int8 weights with one float32 scale per row (w ≈ q · scale, scale = max|row| / 127): a quarter of the bytes,
    /// widened to float32 in registers, the row's scale applied once per sum.
    /// </summary>
    Int8,
}
#pragma warning restore CA1720
