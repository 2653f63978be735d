using System.Collections.Generic;

namespace Recurrent.Aot.Loading.Rules;

/// <summary>
/// What the architecture rules read of a weights file: tensor names, shapes and metadata, no data. The runtime's
/// <c>SafeTensorsFile</c> and the generator's compile-time reader each adapt to it, so both apply the same rules.
/// </summary>
internal interface ITensorDirectory
{
    /// <summary>Every tensor name, in file order.</summary>
    IEnumerable<string> Names { get; }

    /// <summary>The <c>__metadata__</c> entries.</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The shape of tensor <paramref name="name"/>, or false when the file has no such tensor.</summary>
    bool TryGetShape(string name, out int[] shape);
}
