using System;
using System.Collections;
using System.Collections.Generic;

namespace Recurrent.Aot.Generator.Helpers;

/// <summary>
/// An immutable array with value equality, so pipeline models that hold arrays still compare
/// structurally and Roslyn can cache the steps that produce them.
/// </summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T>
    where T : IEquatable<T>
{
    private readonly T[]? _items;

    public EquatableArray(T[] items) => _items = items;

    public static EquatableArray<T> Empty => new(Array.Empty<T>());

    public int Length => _items?.Length ?? 0;

    public T this[int index] => (_items ?? Array.Empty<T>())[index];

    public ReadOnlySpan<T> AsSpan() => _items.AsSpan();

    public bool Equals(EquatableArray<T> other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        // Length plus a sample of elements: cheap for the multi-megabyte weight arrays, and equal
        // arrays still hash alike.
        var items = _items ?? Array.Empty<T>();
        int hash = items.Length;
        int stride = Math.Max(1, items.Length / 64);
        for (int i = 0; i < items.Length; i += stride)
        {
            hash = unchecked((hash * 31) + items[i].GetHashCode());
        }
        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}
