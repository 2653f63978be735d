using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recurrent.Aot.Kernels.Packing;

/// <summary>
/// Zeroed floats whose first element sits on a 64-byte boundary, so a 512-bit load of packed weights
/// never splits a cache line (a plain float[]'s data is only 8-byte aligned). The storage is a pinned array
/// on the pinned object heap, which never moves, with slack in front to slide the start to the boundary.
/// </summary>
internal sealed class AlignedBuffer
{
    /// <summary>Bytes of the boundary the first element sits on: one cache line, one 512-bit vector.</summary>
    public const int Alignment = 64;

    /// <summary>Enough floats to move any 4-byte-aligned address up to the next boundary.</summary>
    private const int SlackFloats = Alignment / sizeof(float) - 1;

    private readonly float[] _storage;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> zeroed floats starting on a 64-byte boundary.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or too large for one array.</exception>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength - SlackFloats);
        if (length == 0)
        {
            _storage = [];
            return;
        }

        _storage = GC.AllocateArray<float>(length + SlackFloats, pinned: true);
        nint misalignment = Marshal.UnsafeAddrOfPinnedArrayElement(_storage, 0) & (Alignment - 1);
        _offset = misalignment == 0 ? 0 : (int)((Alignment - misalignment) / sizeof(float));
        Length = length;
    }

    /// <summary>A buffer of no floats (for weights a cell does not have).</summary>
    public static AlignedBuffer Empty { get; } = new(0);

    public int Length { get; }

    /// <summary>The floats, for filling while packing; the kernels read through <see cref="Start"/>.</summary>
    public Span<float> Span => _storage.AsSpan(_offset, Length);

    /// <summary>The first float (64-byte aligned). For an empty buffer, a reference that must not be read.</summary>
    public ref float Start
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_storage), _offset);
    }

    /// <summary>The address of the first float; it never changes because the storage is pinned. Empty buffers give 0.</summary>
    public nint StartAddress => Length == 0 ? 0 : Marshal.UnsafeAddrOfPinnedArrayElement(_storage, _offset);
}
