using Recurrent.Aot.Generator.Helpers;

namespace Recurrent.Aot.Generator.Model;

/// <summary>Weights read from a safetensors file at compile time, already in the kernels' packed layout.</summary>
/// <param name="FileName">The file as the attribute names it (for the generated header).</param>
/// <param name="Sha256">Hex SHA-256 of the whole file, stamped into the output.</param>
/// <param name="Module">The tensor-name prefix the weights came from ("" for none).</param>
/// <param name="Packed">Little-endian float32 bytes in <see cref="Planning.PackedLayout"/> order.</param>
/// <param name="InitialState">The learned initial state in the runtime's state layout (every h, then every c); empty when the file has none.</param>
/// <param name="StoredInt8">Whether int8 matrices are embedded with the file's own q and scales (an int8 file declared Int8).</param>
internal sealed record EmbeddedWeights(string FileName, string Sha256, string Module, EquatableArray<byte> Packed, EquatableArray<float> InitialState, bool StoredInt8 = false);
