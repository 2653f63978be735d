using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recurrent.Aot.Kernels.Simd;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// Loads and stores one block of hidden units from caller spans that hold exactly H floats: a full
/// block goes straight through; the last, partial block goes through a small zeroed buffer so no
/// lane reads or writes past the span.
/// </summary>
internal static class BlockIO
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Load<TOps, TVec>(ReadOnlySpan<float> source, int start, int valid, Span<float> buffer)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
    {
        if (valid == TOps.Lanes)
            return TOps.Load(in Unsafe.Add(ref MemoryMarshal.GetReference(source), start));
        buffer[..TOps.Lanes].Clear();
        source.Slice(start, valid).CopyTo(buffer);
        return TOps.Load(in MemoryMarshal.GetReference(buffer));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TOps, TVec>(TVec value, Span<float> destination, int start, int valid, Span<float> buffer)
        where TOps : struct, ISimdOps<TVec>
        where TVec : struct
    {
        if (valid == TOps.Lanes)
        {
            TOps.Store(value, ref Unsafe.Add(ref MemoryMarshal.GetReference(destination), start));
            return;
        }

        TOps.Store(value, ref MemoryMarshal.GetReference(buffer));
        buffer[..valid].CopyTo(destination.Slice(start, valid));
    }
}
