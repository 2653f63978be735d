using PureHDF;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// Reads what the importer needs from an HDF5 file through PureHDF (groups, string attributes, float datasets),
/// checking types and sizes first so a corrupt file is a <see cref="ModelImportException"/> naming the object.
/// </summary>
internal static class H5Access
{
    /// <summary>Largest tensor accepted, in elements (1 GiB of float32): a corrupt shape cannot ask for more.</summary>
    private const long MaxElements = 1L << 28;

    public static IH5Group? TryGroup(IH5Group parent, string path)
    {
        if (!parent.LinkExists(path))
        {
            return null;
        }
        return parent.Get(path) as IH5Group;
    }

    public static IReadOnlyList<string> ChildNames(IH5Group group) => group.Children().Select(c => c.Name).ToList();

    /// <summary>A string attribute (fixed or variable length, as h5py writes bytes and str); null when absent.</summary>
    public static string? TryString(IH5Object owner, string name)
    {
        if (!owner.AttributeExists(name))
        {
            return null;
        }
        IH5Attribute attribute = owner.Attribute(name);
        if (!IsString(attribute))
        {
            throw new ModelImportException($"attribute '{name}' of '{owner.Name}' is {attribute.Type.Class}, expected a string.");
        }
        ulong[] dims = attribute.Space.Dimensions;
        if (dims.Length == 0)
        {
            return attribute.Read<string>();
        }
        string[] values = attribute.Read<string[]>();
        return values.Length == 1 ? values[0] : throw new ModelImportException($"attribute '{name}' of '{owner.Name}' holds {values.Length} strings, expected one.");
    }

    /// <summary>
    /// A list-of-strings attribute such as <c>layer_names</c> or <c>weight_names</c>. Keras splits one that would pass
    /// the 64 KiB object-header limit into <c>name0</c>, <c>name1</c>, ...; both forms are read. Null when absent.
    /// </summary>
    public static List<string>? TryStrings(IH5Object owner, string name)
    {
        if (owner.AttributeExists(name))
        {
            return [.. ReadStringArray(owner, name)];
        }
        var chunks = new List<string>();
        int chunk = 0;
        while (owner.AttributeExists($"{name}{chunk}"))
        {
            chunks.AddRange(ReadStringArray(owner, $"{name}{chunk}"));
            chunk++;
        }
        return chunk == 0 ? null : chunks;
    }

    private static string[] ReadStringArray(IH5Object owner, string name)
    {
        IH5Attribute attribute = owner.Attribute(name);
        if (!IsString(attribute))
        {
            throw new ModelImportException($"attribute '{name}' of '{owner.Name}' is {attribute.Type.Class}, expected strings.");
        }
        CheckElements(attribute.Space.Dimensions, $"attribute '{name}'");
        return attribute.Space.Dimensions.Length == 0 ? [attribute.Read<string>()] : attribute.Read<string[]>();
    }

    /// <summary>Fixed-length strings (h5py's numpy bytes arrays) or variable-length ones (h5py's str and bytes).</summary>
    private static bool IsString(IH5Attribute attribute)
        => attribute.Type.Class == H5DataTypeClass.String
            || (attribute.Type.Class == H5DataTypeClass.VariableLength && attribute.Type.VariableLength.BaseType.Class is H5DataTypeClass.FixedPoint or H5DataTypeClass.String);

    /// <summary>A floating-point dataset as float32 (float16 widened, float64 rounded), with its shape.</summary>
    public static KerasTensor ReadFloats(IH5Group parent, string path)
    {
        if (!parent.LinkExists(path) || parent.Get(path) is not IH5Dataset dataset)
        {
            throw new ModelImportException($"weight '{path}' is missing (no dataset at that path).");
        }
        IH5DataType type = dataset.Type;
        if (type.Class != H5DataTypeClass.FloatingPoint)
        {
            throw new ModelImportException($"weight '{path}' has HDF5 type {type.Class} (size {type.Size}), expected floating point.");
        }
        ulong[] dims = dataset.Space.Dimensions;
        long elements = CheckElements(dims, $"weight '{path}'");
        int[] shape = dims.Select(d => (int)d).ToArray();
        float[] data = type.Size switch
        {
            4 => dataset.Read<float[]>(),
            8 => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
            2 => Array.ConvertAll(dataset.Read<Half[]>(), v => (float)v),
            _ => throw new ModelImportException($"weight '{path}' has {type.Size}-byte floats, expected 2, 4 or 8."),
        };
        if (data.Length != elements)
        {
            throw new ModelImportException($"weight '{path}' has {data.Length} values for shape ({string.Join(", ", shape)}).");
        }
        return new KerasTensor(path, data, shape);
    }

    private static long CheckElements(ulong[] dims, string what)
    {
        long elements = 1;
        foreach (ulong d in dims)
        {
            if (d > int.MaxValue || (elements *= (long)d) > MaxElements)
            {
                throw new ModelImportException($"{what} declares shape ({string.Join(", ", dims)}), more than {MaxElements} values: the file is corrupt.");
            }
        }
        return elements;
    }
}
