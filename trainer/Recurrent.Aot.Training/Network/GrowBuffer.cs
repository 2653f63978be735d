namespace Recurrent.Aot.Training.Network;

/// <summary>
/// A work buffer whose storage only grows: resizing to a length the array already holds reuses it and
/// exposes the first <see cref="Length"/> elements, so batches and windows of varying size stop allocating
/// once the largest has been seen. Contents are not cleared on resize (callers overwrite what they read).
/// </summary>
/// <remarks>A mutable struct: use it only as a field or array element, never through a property that copies it.</remarks>
internal struct GrowBuffer<T>
{
    private T[]? _array;

    /// <summary>The length of the last <see cref="Resize"/>.</summary>
    public int Length { get; private set; }

    /// <summary>The elements in use (empty before the first resize).</summary>
    public readonly Span<T> Span => _array.AsSpan(0, Length);

    /// <summary>Elements the buffer holds without allocating.</summary>
    public readonly int Capacity => _array?.Length ?? 0;

    /// <summary>Makes the buffer <paramref name="length"/> long, allocating only when the array is too short.</summary>
    public Span<T> Resize(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > Capacity)
        {
            _array = new T[length];
        }

        Length = length;
        return Span;
    }
}
