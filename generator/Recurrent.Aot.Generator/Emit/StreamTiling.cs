namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// The register tile of a multi-stream kernel on one ISA: <see cref="Vectors"/> vectors of units (every accumulator
/// row of those units, since the epilogue needs all gates of a unit) for <see cref="Streams"/> streams at once.
/// </summary>
/// <param name="Streams">Streams one pass over the panel serves; a kernel for more streams runs sub-groups of this many.</param>
/// <param name="Vectors">Vectors of units per sub-tile.</param>
/// <param name="Registers">Vector registers of the ISA the tile was chosen for.</param>
internal readonly record struct StreamTile(int Streams, int Vectors, int Registers)
{
    /// <summary>Live accumulators: accumulator rows × vectors × streams.</summary>
    public int Accumulators(int rows) => rows * Vectors * Streams;
}

/// <summary>
/// Chooses multi-stream register tiles. A column of the tile loads each of its weight vectors once and broadcasts each
/// stream's input element once, then does (rows × vectors) × streams FMAs: loads per FMA are 1/streams + 1/(rows ×
/// vectors), so the largest tile whose accumulators, broadcasts and one weight vector fit the registers wins.
/// </summary>
internal static class StreamTiling
{
    /// <summary>
    /// Vector registers a branch may plan with: 32 for 512-bit (AVX-512), 16 for 256-bit and 128-bit. The 128-bit
    /// branch is also what ARM64 runs, which has 32; the tile is sized for x64's 16 so it never spills there.
    /// </summary>
    public static int Registers(VectorIsa isa) => isa.Width == 16 ? 32 : 16;

    /// <summary>Whether that many live vectors fit, one register kept free for the JIT's temporaries.</summary>
    public static bool Fits(int live, VectorIsa isa) => live <= Registers(isa) - 1;

    /// <param name="rows">Accumulator rows per unit (4 for LSTM and the PyTorch GRU, 1 for RNN).</param>
    /// <param name="vectors">Vectors of the ISA in a panel.</param>
    /// <param name="streams">Streams of the kernel (a power of two).</param>
    public static StreamTile For(int rows, int vectors, int streams, VectorIsa isa)
    {
        var best = new StreamTile(1, 1, Registers(isa));
        for (int s = streams; s >= 1; s /= 2)
        {
            for (int v = vectors; v >= 1; v /= 2)
            {
                int accumulators = rows * v * s;
                if (Fits(accumulators + s + 1, isa) && accumulators > best.Accumulators(rows))
                {
                    best = new StreamTile(s, v, Registers(isa));
                }
            }
        }
        return best;
    }
}
