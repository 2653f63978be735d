using System.Buffers;
using System.Runtime.CompilerServices;
using Recurrent.Aot.Internal;
using Recurrent.Aot.Kernels.Cells;
using Recurrent.Aot.Kernels.Packing;

namespace Recurrent.Aot;

/// <summary>
/// One recurrent cell (one direction of one layer) with its weights packed once for the active SIMD
/// path. Immutable: one instance may be stepped by many threads, each with its own state.
/// </summary>
public sealed class RecurrentCell
{
    /// <summary>Steps whose scratch fits here use the stack; larger ones rent from the shared array pool.</summary>
    internal const int StackScratchFloats = 1024;

    private RecurrentCell(PackedCell packed) => Packed = packed;

    /// <summary>The cell's shape and options.</summary>
    public CellSpec Spec => Packed.Spec;

    /// <summary>How the weight matrices are stored (float32 unless a reduced precision was asked for).</summary>
    public WeightPrecision WeightPrecision => Packed.Precision;

    internal PackedCell Packed { get; }

    /// <summary>Validates <paramref name="weights"/> against <paramref name="spec"/> and packs them for SIMD.</summary>
    /// <exception cref="ArgumentException">A size or option is invalid, or an array has the wrong length (the message names it).</exception>
    public static RecurrentCell Create(CellSpec spec, CellWeights weights) => Create(spec, weights, WeightPrecision.Float32);

    /// <summary>
    /// Validates <paramref name="weights"/> against <paramref name="spec"/> and packs them for SIMD in
    /// <paramref name="precision"/>: bfloat16 rounds every weight matrix to nearest even, int8 quantizes it row by row
    /// (docs/file-format.md); biases, peepholes and state stay float32.
    /// </summary>
    /// <exception cref="ArgumentException">A size or option is invalid, an array has the wrong length, or a weight to quantize is not finite (the message names it).</exception>
    public static RecurrentCell Create(CellSpec spec, CellWeights weights, WeightPrecision precision) => Create(spec, weights, precision, "cell");

    internal static RecurrentCell Create(CellSpec spec, CellWeights weights, WeightPrecision precision, string name)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        if (!Enum.IsDefined(precision))
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Expected Float32, BFloat16 or Int8.");
        weights.Validate(spec, name);
        return new RecurrentCell(new PackedCell(spec, weights, SimdInfo.Lanes, precision, name));
    }

    /// <summary>
    /// One time step for one stream. <paramref name="h"/>: OutputSize floats; <paramref name="c"/>: HiddenSize
    /// floats for an LSTM, empty otherwise. <paramref name="hOut"/>/<paramref name="cOut"/> receive the new
    /// state and must not overlap the old one. Allocation-free.
    /// </summary>
    [SkipLocalsInit]
    public void Step(ReadOnlySpan<float> x, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hOut, Span<float> cOut)
    {
        CellSpec spec = Spec;
        Guard.Length(x.Length, spec.InputSize, nameof(x));
        Guard.Length(h.Length, spec.OutputSize, nameof(h));
        Guard.Length(c.Length, spec.CellStateSize, nameof(c));
        Guard.Length(hOut.Length, spec.OutputSize, nameof(hOut));
        Guard.Length(cOut.Length, spec.CellStateSize, nameof(cOut));
        Guard.NoOverlap(h, hOut, nameof(hOut), nameof(h));
        Guard.NoOverlap(c, cOut, nameof(cOut), nameof(c));
        Guard.NoOverlap(x, hOut, nameof(hOut), nameof(x));

        int scratchSize = Packed.ScratchSize;
        float[]? rented = scratchSize > StackScratchFloats ? ArrayPool<float>.Shared.Rent(scratchSize) : null;
        Span<float> scratch = rented is not null ? rented : stackalloc float[StackScratchFloats];
        try
        {
            CellKernels.Step(Packed, x, default, default, h, c, hOut, cOut, scratch);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// One time step for each stream of a batch: <paramref name="h"/> holds batch states of OutputSize floats back to
    /// back (batch = h.Length / OutputSize ≥ 1), <paramref name="x"/> (batch, InputSize), <paramref name="c"/>
    /// (batch, HiddenSize) for an LSTM and empty otherwise; <paramref name="hOut"/>/<paramref name="cOut"/> receive the
    /// new states in the same layout and must not overlap the old ones. Streams go in groups of 8, 4, 2, 1, each
    /// weight loaded once per group; each stream's result equals <see cref="Step"/> within float32 rounding.
    /// Allocation-free.
    /// </summary>
    [SkipLocalsInit]
    public void StepBatch(ReadOnlySpan<float> x, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hOut, Span<float> cOut)
    {
        CellSpec spec = Spec;
        int hSize = spec.OutputSize, cSize = spec.CellStateSize;
        if (h.IsEmpty || h.Length % hSize != 0)
            throw new ArgumentException($"Expected one or more states of OutputSize = {hSize} floats back to back but got {h.Length} floats.", nameof(h));
        int batch = h.Length / hSize;
        // Checked before calling Guard: its message is an interpolated string, built (allocated) only on failure.
        if (x.Length != batch * spec.InputSize)
            Guard.Length(x.Length, batch * spec.InputSize, nameof(x), $"floats ({batch} streams × InputSize {spec.InputSize})");
        if (c.Length != batch * cSize)
            Guard.Length(c.Length, batch * cSize, nameof(c), $"floats ({batch} streams × {cSize} cell-state floats)");
        if (hOut.Length != batch * hSize)
            Guard.Length(hOut.Length, batch * hSize, nameof(hOut), $"floats ({batch} streams × OutputSize {hSize})");
        if (cOut.Length != batch * cSize)
            Guard.Length(cOut.Length, batch * cSize, nameof(cOut), $"floats ({batch} streams × {cSize} cell-state floats)");
        Guard.NoOverlap(h, hOut, nameof(hOut), nameof(h));
        Guard.NoOverlap(c, cOut, nameof(cOut), nameof(c));
        Guard.NoOverlap(x, hOut, nameof(hOut), nameof(x));
        Guard.NoOverlap(x, cOut, nameof(cOut), nameof(x));
        Guard.NoOverlap(h, cOut, nameof(cOut), nameof(h));
        Guard.NoOverlap(c, hOut, nameof(hOut), nameof(c));

        int scratchSize = BatchedStep.ScratchSize(Packed);
        float[]? rented = scratchSize > StackScratchFloats ? ArrayPool<float>.Shared.Rent(scratchSize) : null;
        Span<float> scratch = rented is not null ? rented : stackalloc float[StackScratchFloats];
        try
        {
            for (int first = 0; first < batch;)
            {
                int group = BatchedStep.GroupSize(batch - first);
                BatchedStep.Step(
                    Packed,
                    group,
                    x[(first * spec.InputSize)..],
                    spec.InputSize,
                    h[(first * hSize)..],
                    hSize,
                    c[(first * cSize)..],
                    cSize,
                    hOut[(first * hSize)..],
                    hSize,
                    cOut[(first * cSize)..],
                    cSize,
                    scratch);
                first += group;
            }
        }
        finally
        {
            if (rented is not null)
                ArrayPool<float>.Shared.Return(rented);
        }
    }
}
