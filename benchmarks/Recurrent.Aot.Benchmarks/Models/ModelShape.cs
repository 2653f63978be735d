using System.Globalization;

namespace Recurrent.Aot.Benchmarks.Models;

/// <summary>
/// One benchmarked model: a single-layer LSTM or GRU cell with its input and hidden sizes.
/// BenchmarkDotNet shows it through <see cref="ToString"/> and sorts it through <see cref="IComparable"/>
/// (LSTM first, then by size; by its text "16x64" would come before "1x16"), and the custom columns
/// read the work per step from it, so every suite agrees on what one step costs.
/// </summary>
public sealed record ModelShape(CellKind Kind, int InputSize, int HiddenSize) : IComparable<ModelShape>, IComparable
{
    /// <summary>LSTM: 4 gate rows per hidden unit (i, f, g, o); GRU: 3 (r, z, n).</summary>
    public int GateCount => Kind switch
    {
        CellKind.Lstm => 4,
        CellKind.Gru => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "The benchmarks cover LSTM and GRU cells only."),
    };

    /// <summary>Floats in weight_ih and weight_hh together: every one is read once per batch-1 step.</summary>
    public int MatrixWeightCount => GateCount * HiddenSize * (InputSize + HiddenSize);

    /// <summary>Bytes of float32 matrix weights one step streams through.</summary>
    public long MatrixWeightBytes => MatrixWeightCount * (long)sizeof(float);

    /// <summary>Multiply and add per matrix weight: LSTM 8·H·(X+H), GRU 6·H·(X+H).</summary>
    public double FlopsPerStep => 2.0 * MatrixWeightCount;

    /// <summary>The runtime's description of this cell (PyTorch defaults: biases, sigmoid/tanh).</summary>
    public CellSpec ToCellSpec() => new() { Kind = Kind, InputSize = InputSize, HiddenSize = HiddenSize, HasBias = true };

    public int CompareTo(ModelShape? other)
    {
        if (other is null)
        {
            return 1;
        }

        int byKind = Kind.CompareTo(other.Kind);
        int byHidden = HiddenSize.CompareTo(other.HiddenSize);
        return byKind != 0 ? byKind : byHidden != 0 ? byHidden : InputSize.CompareTo(other.InputSize);
    }

    public int CompareTo(object? obj) => obj is null || obj is ModelShape
        ? CompareTo(obj as ModelShape)
        : throw new ArgumentException($"Expected a {nameof(ModelShape)}, got {obj.GetType().Name}.", nameof(obj));

    public static bool operator <(ModelShape? left, ModelShape? right) => Compare(left, right) < 0;

    public static bool operator <=(ModelShape? left, ModelShape? right) => Compare(left, right) <= 0;

    public static bool operator >(ModelShape? left, ModelShape? right) => Compare(left, right) > 0;

    public static bool operator >=(ModelShape? left, ModelShape? right) => Compare(left, right) >= 0;

    private static int Compare(ModelShape? left, ModelShape? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{(Kind == CellKind.Lstm ? "LSTM" : "GRU")} {InputSize}x{HiddenSize}");

    /// <summary>The (input, hidden) sizes the runtime issue asks for.</summary>
    public static IReadOnlyList<(int Input, int Hidden)> RuntimeSizes { get; } =
        [(1, 8), (8, 32), (16, 64), (32, 128), (64, 256)];

    /// <summary>The (input, hidden) sizes the generator issue asks for.</summary>
    public static IReadOnlyList<(int Input, int Hidden)> GeneratorSizes { get; } =
        [(1, 8), (1, 16), (8, 32), (16, 64), (32, 128), (64, 256)];

    public static IEnumerable<ModelShape> Both(IEnumerable<(int Input, int Hidden)> sizes) =>
        from kind in new[] { CellKind.Lstm, CellKind.Gru }
        from size in sizes
        select new ModelShape(kind, size.Input, size.Hidden);
}
