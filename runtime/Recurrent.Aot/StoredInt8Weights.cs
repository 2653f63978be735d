using Recurrent.Aot.Kernels.Packing;

namespace Recurrent.Aot;

/// <summary>The int8 matrices of one cell as an int8 file stores them (null where a matrix is not stored as int8).</summary>
internal sealed record StoredInt8Weights(Int8Matrix? WeightIh, Int8Matrix? WeightHh, Int8Matrix? WeightHr);
