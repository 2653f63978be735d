using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recurrent.Aot.IO;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Packing;

/// <summary>
/// One weight matrix packed into broadcast-FMA panels (<see cref="PanelPacker"/>) in a <see cref="WeightPrecision"/>:
/// float32, bfloat16 bits (columns in pairs) or int8, plus for int8 the rows' scales packed like a bias ([block][gate][lane]).
/// Immutable after construction.
/// </summary>
internal sealed class PackedPanel
{
    private PackedPanel(WeightPrecision precision, AlignedBuffer data, int elements, AlignedBuffer scales)
    {
        Precision = precision;
        Data = data;
        Elements = elements;
        Scales = scales;
    }

    /// <summary>A panel of no weights (a matrix the cell does not have).</summary>
    public static PackedPanel Empty { get; } = new(WeightPrecision.Float32, AlignedBuffer.Empty, 0, AlignedBuffer.Empty);

    public WeightPrecision Precision { get; }

    /// <summary>The packed elements (as floats of storage; read them through <see cref="Start{T}"/>), 64-byte aligned.</summary>
    public AlignedBuffer Data { get; }

    /// <summary>Weights in the panel, padding lanes included.</summary>
    public int Elements { get; }

    /// <summary>int8 only: the row scales as [block][gate][lane] (zero in padding lanes); empty otherwise.</summary>
    public AlignedBuffer Scales { get; }

    /// <summary>Bytes the weights take (scales included): what one batch-1 step streams.</summary>
    public long Bytes => (long)Elements * ElementSize(Precision) + (long)Scales.Length * sizeof(float);

    /// <summary>The first element, typed as the precision stores it (float, ushort or sbyte).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T Start<T>()
        where T : unmanaged
        => ref Unsafe.As<float, T>(ref Data.Start);

    /// <summary>
    /// Packs a PyTorch (gates·units, columns) matrix. <paramref name="stored"/> is an int8 file's own quantization of the
    /// same matrix: at <see cref="WeightPrecision.Int8"/> it is packed as it is (no re-quantization); otherwise the
    /// float32 <paramref name="weights"/> are rounded (bfloat16) or quantized row by row (int8) by
    /// <see cref="WeightQuantization"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A weight to quantize is NaN or infinite (the message names <paramref name="name"/>).</exception>
    public static PackedPanel Pack(ReadOnlySpan<float> weights, Int8Matrix? stored, int gates, int units, int columns, int lanes, WeightPrecision precision, string name)
    {
        int count = checked(PanelPacker.BlockCount(units, lanes) * columns * gates * lanes);
        switch (precision)
        {
            case WeightPrecision.BFloat16:
            {
                var bits = new ushort[weights.Length];
                for (int i = 0; i < bits.Length; i++)
                    bits[i] = WeightQuantization.ToBFloat16Bits(weights[i]);
                return new PackedPanel(precision, PackAs<ushort>(bits, count, gates, units, columns, lanes, paired: BFloat16Weights.Paired), count, AlignedBuffer.Empty);
            }

            case WeightPrecision.Int8:
            {
                Int8Matrix matrix = stored ?? Int8Matrix.Quantize(weights, gates * units, columns, name);
                AlignedBuffer scales = PanelPacker.PackVector(matrix.Scales, gates, units, lanes);
                return new PackedPanel(precision, PackAs<sbyte>(matrix.Values, count, gates, units, columns, lanes, paired: false), count, scales);
            }

            default:
                return new PackedPanel(WeightPrecision.Float32, PanelPacker.PackPanel(weights, gates, units, columns, lanes), count, AlignedBuffer.Empty);
        }
    }

    /// <summary>Bytes of one stored weight.</summary>
    public static int ElementSize(WeightPrecision precision) => precision switch
    {
        WeightPrecision.BFloat16 => sizeof(ushort),
        WeightPrecision.Int8 => sizeof(sbyte),
        _ => sizeof(float),
    };

    private static AlignedBuffer PackAs<T>(ReadOnlySpan<T> weights, int count, int gates, int units, int columns, int lanes, bool paired)
        where T : unmanaged
    {
        int floats = (int)((((long)count * Unsafe.SizeOf<T>()) + sizeof(float) - 1) / sizeof(float));
        var buffer = new AlignedBuffer(floats);
        PanelPacker.PackPanelInto(weights, MemoryMarshal.Cast<float, T>(buffer.Span)[..count], gates, units, columns, lanes, paired);
        return buffer;
    }
}
