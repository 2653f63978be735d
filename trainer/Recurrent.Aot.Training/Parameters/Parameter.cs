using System.Numerics;

namespace Recurrent.Aot.Training.Parameters;

/// <summary>One named tensor of trainable values, stored flat in row-major order.</summary>
/// <remarks>Names are PyTorch's <c>state_dict</c> names so the exported file needs no renaming.</remarks>
public sealed class Parameter<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    internal Parameter(string name, int[] shape, int index)
    {
        Name = name;
        Shape = shape;
        Index = index;
        int count = 1;
        foreach (int d in shape)
        {
            count *= d;
        }

        Value = new T[count];
    }

    public string Name { get; }

    public int[] Shape { get; }

    /// <summary>Position in the owning <see cref="ParameterSet{T}"/>; also the index of its gradient buffer.</summary>
    public int Index { get; }

    public T[] Value { get; }

    public int Length => Value.Length;
}
