using System.Collections;
using System.Numerics;

namespace Recurrent.Aot.Training.Parameters;

/// <summary>The ordered list of a model's parameters. Gradients live in separate buffers (one set per shard) that follow the same order.</summary>
public sealed class ParameterSet<T> : IReadOnlyList<Parameter<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Parameter<T>> _items = [];
    private readonly Dictionary<string, Parameter<T>> _byName = new(StringComparer.Ordinal);

    public int Count => _items.Count;

    public Parameter<T> this[int index] => _items[index];

    /// <summary>Total number of scalar values across every parameter.</summary>
    public long ScalarCount
    {
        get
        {
            long total = 0;
            foreach (Parameter<T> p in _items)
            {
                total += p.Length;
            }

            return total;
        }
    }

    public Parameter<T> Add(string name, params int[] shape)
    {
        if (_byName.ContainsKey(name))
        {
            throw new ArgumentException($"A parameter named '{name}' already exists.", nameof(name));
        }

        var parameter = new Parameter<T>(name, shape, _items.Count);
        _items.Add(parameter);
        _byName.Add(name, parameter);
        return parameter;
    }

    public Parameter<T> Get(string name) =>
        _byName.TryGetValue(name, out Parameter<T>? p)
            ? p
            : throw new KeyNotFoundException($"No parameter named '{name}'. Known: {string.Join(", ", _byName.Keys)}.");

    public bool TryGet(string name, out Parameter<T> parameter) => _byName.TryGetValue(name, out parameter!);

    /// <summary>Allocates zeroed gradient buffers, one per parameter, in parameter order.</summary>
    public T[][] CreateGradientBuffers()
    {
        var buffers = new T[_items.Count][];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new T[_items[i].Length];
        }

        return buffers;
    }

    /// <summary>Copies every value from another set with the same names and shapes (for example float ↔ double copies).</summary>
    public void CopyFrom<TOther>(ParameterSet<TOther> other)
        where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (Parameter<T> p in _items)
        {
            Parameter<TOther> source = other.Get(p.Name);
            if (source.Length != p.Length)
            {
                throw new ArgumentException($"Parameter '{p.Name}' has {source.Length} values in the source, expected {p.Length}.", nameof(other));
            }

            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] = T.CreateChecked(source.Value[i]);
            }
        }
    }

    public IEnumerator<Parameter<T>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
