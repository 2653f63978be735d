using System.Runtime.CompilerServices;

namespace Recurrent.Aot.Kernels.Simd;

/// <summary>
/// How a packed weight panel stores its elements (<see cref="WeightPrecision"/>). Kernels are generic over a struct
/// implementing this as well as over the vector width, so the JIT emits one specialised copy per pair and the
/// float32 copy is the same code as a kernel without the parameter.
/// </summary>
/// <typeparam name="TElement">The stored element: float, ushort (bfloat16 bits) or sbyte (int8).</typeparam>
internal interface IWeightFormat<TElement>
    where TElement : unmanaged
{
    /// <summary>
    /// True when every weight row has a scale (int8): a sum over a row is Σ q·v, multiplied by the row's scale once
    /// at the end rather than once per weight.
    /// </summary>
    static abstract bool Scaled { get; }

    /// <summary>
    /// True when the panel stores its columns in pairs (see <c>PanelPacker</c>): column 2p and 2p + 1 of a lane share
    /// one 32-bit word, read by <see cref="LoadPair"/>. A panel with an odd number of columns keeps its last column
    /// unpaired, read by <see cref="Load"/>.
    /// </summary>
    static abstract bool Paired { get; }

    /// <summary>One vector of weights, widened to float32.</summary>
    static abstract TVec Load<TOps, TVec>(ref readonly TElement source)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct;

    /// <summary>A paired format's two columns from one full-width load, widened to float32 (only when <see cref="Paired"/>).</summary>
    static abstract void LoadPair<TOps, TVec>(ref readonly TElement source, out TVec even, out TVec odd)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct;
}

/// <summary>float32 weights, loaded as they are.</summary>
internal readonly struct Float32Weights : IWeightFormat<float>
{
    public static bool Scaled => false;

    public static bool Paired => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Load<TOps, TVec>(ref readonly float source)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        => TOps.Load(in source);

    public static void LoadPair<TOps, TVec>(ref readonly float source, out TVec even, out TVec odd)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        => throw new NotSupportedException("float32 panels store their columns one by one; read them with Load.");
}

/// <summary>
/// bfloat16 weights, widened exactly by a shift or a mask. Columns are stored in pairs so that one full-width load
/// yields two vectors without a shuffle: zero-extending 16-bit halves (one shuffle per vector) made the widening, not
/// the bytes, the limit of the panel walk.
/// </summary>
internal readonly struct BFloat16Weights : IWeightFormat<ushort>
{
    public static bool Scaled => false;

    // A pair load takes the element at the lower address as the low half of the word: little-endian order, which every
    // target of this library has; a big-endian one keeps the plain layout (a JIT-time constant, like the rest).
    public static bool Paired => BitConverter.IsLittleEndian;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Load<TOps, TVec>(ref readonly ushort source)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        => TOps.LoadBFloat16(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadPair<TOps, TVec>(ref readonly ushort source, out TVec even, out TVec odd)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        => TOps.LoadBFloat16Pair(in source, out even, out odd);
}

/// <summary>int8 weights with one float32 scale per row, widened exactly; the scale is applied by the caller.</summary>
internal readonly struct Int8Weights : IWeightFormat<sbyte>
{
    public static bool Scaled => true;

    public static bool Paired => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Load<TOps, TVec>(ref readonly sbyte source)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        => TOps.LoadInt8(in source);

    public static void LoadPair<TOps, TVec>(ref readonly sbyte source, out TVec even, out TVec odd)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
        => throw new NotSupportedException("int8 panels store their columns one by one; read them with Load.");
}
