using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recurrent.Aot.Kernels.Cells;

/// <summary>
/// Which way a step walks its weight panels (blocks of hidden units), chosen from where the caller put
/// the new state. A caller that ping-pongs two buffers swaps h and hOut every step, so the order flips
/// every step and each step starts with the panels the step before read last (still in L1, or L2 for
/// weights of about a megabyte). The result does not depend on the order: every panel computes its own
/// units from the same inputs.
/// </summary>
internal static class PanelOrder
{
    /// <summary>True when the step should walk its panels last to first: <paramref name="hOut"/> lies below <paramref name="h"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Backwards(ReadOnlySpan<float> h, ReadOnlySpan<float> hOut)
        => Unsafe.IsAddressLessThan(ref MemoryMarshal.GetReference(hOut), ref MemoryMarshal.GetReference(h));

    /// <summary>The block visited at position <paramref name="visit"/> of a walk over <paramref name="blocks"/> blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Block(int visit, int blocks, bool backwards) => backwards ? blocks - 1 - visit : visit;
}
