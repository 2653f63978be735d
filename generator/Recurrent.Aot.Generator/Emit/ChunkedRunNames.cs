using Recurrent.Aot.Generator.Planning;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>The generated names of a chunked run (<see cref="InputChunking"/>): its buffer types, its method and its kernels.</summary>
internal static class ChunkedRunNames
{
    /// <summary>Name of the chunk buffer type.</summary>
    public const string BufferType = "InputChunk";

    /// <summary>Name of the chunked run method.</summary>
    public const string RunMethod = "RunChunks";

    /// <summary>Name of the buffer that carries a layer's outputs for a block to the layer above (stacked unidirectional models).</summary>
    public const string HiddenType = "ChunkHidden";

    public static string ProjectionName(CellLayout cell) => CellKernelDescriptors.CellName(cell) + "InputProjection";

    public static string RecurrentName(CellLayout cell) => CellKernelDescriptors.CellName(cell) + "Recurrent";
}
