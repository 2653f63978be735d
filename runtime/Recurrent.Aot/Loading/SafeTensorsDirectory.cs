using Recurrent.Aot.IO;
using Recurrent.Aot.Loading.Rules;

namespace Recurrent.Aot.Loading;

/// <summary>A parsed safetensors file as the architecture rules read it.</summary>
internal sealed class SafeTensorsDirectory(SafeTensorsFile file) : ITensorDirectory
{
    public IEnumerable<string> Names => file.Tensors.Select(t => t.Name);

    public IReadOnlyDictionary<string, string> Metadata => file.Metadata;

    public bool TryGetShape(string name, out int[] shape)
    {
        bool found = file.TryGetTensor(name, out TensorInfo? tensor);
        shape = found ? tensor!.Shape : [];
        return found;
    }
}
