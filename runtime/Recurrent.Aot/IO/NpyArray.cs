namespace Recurrent.Aot.IO;

/// <summary>A float32 array read from a .npy file: C-order data and its shape.</summary>
public sealed record NpyArray(float[] Data, int[] Shape);
