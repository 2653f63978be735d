namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// The register tile of a multi-stream kernel on one register file: <see cref="Rows"/> accumulator rows (gates) ×
/// <see cref="Vectors"/> vectors of units for <see cref="Streams"/> streams at once. A tile of every accumulator row
/// runs the epilogue on its registers; a tile of fewer rows stores its pre-activations to a stack buffer, and the
/// epilogue reads them back once every row of the panel is done (<see cref="PreActivations"/>).
/// </summary>
/// <param name="Streams">Streams one pass over the tile's weights serves; a kernel for more streams runs sub-groups of this many.</param>
/// <param name="Rows">Accumulator rows per tile, a divisor of the cell's rows.</param>
/// <param name="Vectors">Vectors of units per tile.</param>
/// <param name="Registers">Vector registers of the register file the tile was chosen for.</param>
/// <param name="PreActivations">Whether the tile holds only some rows of its units, so the epilogue reads the pre-activations from memory.</param>
internal readonly record struct StreamTile(int Streams, int Rows, int Vectors, int Registers, bool PreActivations)
{
    /// <summary>Live accumulators: rows × vectors × streams.</summary>
    public int Accumulators => Rows * Vectors * Streams;

    /// <summary>
    /// Whether odd columns go to a second set of accumulators (added before the epilogue): where twice the accumulators
    /// still fit, the tile has few of them and a second set of independent FMA chains hides the FMA latency.
    /// </summary>
    public bool SplitsColumns => StreamTiling.Fits((2 * Accumulators) + Streams + 1, Registers);
}

/// <summary>
/// Chooses multi-stream register tiles. A column of the tile broadcasts each stream's input element once and loads each
/// of its weight vectors once, then does (rows × vectors) × streams FMAs. The weights of a panel are read once per
/// sub-group of streams, so the tile serves as many streams as the registers allow (weight traffic is what a batch
/// saves), and among those tiles the one with the most accumulators (independent FMA chains) wins.
/// </summary>
internal static class StreamTiling
{
    /// <summary>
    /// Vector registers a branch may plan with: 32 for 512-bit (AVX-512), 16 for 256-bit and 128-bit on x64. The
    /// 128-bit branch is also what ARM64 runs, which has 32 (<see cref="ArmRegisters"/>): that branch picks its tile at
    /// JIT time.
    /// </summary>
    public static int Registers(VectorIsa isa) => isa.Width == 16 ? 32 : 16;

    /// <summary>The vector registers of ARM64 (NEON), which runs the 128-bit branch.</summary>
    public const int ArmRegisters = 32;

    /// <summary>The suffix of the 128-bit multi-stream kernel tiled for ARM64 ("Layer0Streams_V128Arm").</summary>
    public const string ArmSuffix = "Arm";

    /// <summary>The C# check that selects the ARM64 tiles inside the 128-bit branch (a JIT-time constant).</summary>
    public const string ArmGuard = "global::System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported";

    /// <summary>Whether that many live vectors fit, one register kept free for the JIT's temporaries.</summary>
    public static bool Fits(int live, int registers) => live <= registers - 1;

    /// <param name="rows">Accumulator rows per unit (4 for LSTM and the PyTorch GRU, 1 for RNN).</param>
    /// <param name="vectors">Vectors of the ISA in a panel.</param>
    /// <param name="streams">Streams of the kernel (a power of two).</param>
    /// <param name="registers">Vector registers of the register file.</param>
    public static StreamTile For(int rows, int vectors, int streams, int registers)
    {
        for (int s = streams; s >= 1; s /= 2)
        {
            StreamTile? best = null;
            // Rows before vectors: of two tiles with as many accumulators, the one holding more rows of fewer units
            // is found first (more of a unit's gates per tile: fewer tiles per panel, and all of them in one tile
            // means no trip through memory before the epilogue).
            for (int r = rows; r >= 1; r--)
            {
                if (rows % r != 0)
                {
                    continue;
                }
                for (int v = vectors; v >= 1; v /= 2)
                {
                    int accumulators = r * v * s;
                    // Accumulators, one broadcast per stream and the weight vector.
                    if (Fits(accumulators + s + 1, registers) && (best is null || accumulators > best.Value.Accumulators))
                    {
                        best = new StreamTile(s, r, v, registers, PreActivations: r < rows);
                    }
                }
            }
            if (best is { } tile)
            {
                return tile;
            }
        }
        return new StreamTile(1, 1, 1, registers, PreActivations: rows > 1);
    }
}
