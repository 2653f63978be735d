using System.Globalization;

namespace Recurrent.Aot.Benchmarks.Models;

/// <summary>
/// One benchmarked model: an LSTM or GRU with its input and hidden sizes and its number of stacked layers
/// (PyTorch <c>num_layers</c>: layer l &gt; 0 takes layer l−1's h, so its input size is H).
/// BenchmarkDotNet shows it through <see cref="ToString"/> and sorts it through <see cref="IComparable"/>
/// (LSTM first, then by size; by its text "16x64" would come before "1x16"), and the custom columns
/// read the work per step from it, so every suite agrees on what one step costs. Most suites run one
/// layer, and a one-layer shape reads, sorts and counts exactly as before layers existed.
/// </summary>
public sealed record ModelShape(CellKind Kind, int InputSize, int HiddenSize, int Layers = 1) : IComparable<ModelShape>, IComparable
{
    /// <summary>Stacked layers (PyTorch <c>num_layers</c>), at least 1.</summary>
    public int Layers { get; init; } = Layers >= 1
        ? Layers
        : throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "A model has at least one layer.");

    /// <summary>Whether this is more than one layer (only the whole-model paths can run it).</summary>
    public bool IsStacked => Layers > 1;

    /// <summary>LSTM: 4 gate rows per hidden unit (i, f, g, o); GRU: 3 (r, z, n).</summary>
    public int GateCount => Kind switch
    {
        CellKind.Lstm => 4,
        CellKind.Gru => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "The benchmarks cover LSTM and GRU cells only."),
    };

    /// <summary>
    /// Floats in every layer's weight_ih and weight_hh together: every one is read once per batch-1 step.
    /// Layer 0 holds G·H·(X+H), each layer above it G·H·(H+H).
    /// </summary>
    public int MatrixWeightCount =>
        (GateCount * HiddenSize * (InputSize + HiddenSize)) + ((Layers - 1) * GateCount * HiddenSize * 2 * HiddenSize);

    /// <summary>Bytes of float32 matrix weights one step streams through.</summary>
    public long MatrixWeightBytes => MatrixWeightCount * (long)sizeof(float);

    /// <summary>Multiply and add per matrix weight: LSTM 8·H·(X+H), GRU 6·H·(X+H) per layer (X = H above layer 0).</summary>
    public double FlopsPerStep => 2.0 * MatrixWeightCount;

    /// <summary>
    /// The runtime's description of layer 0's cell (PyTorch defaults: biases, sigmoid/tanh); a model
    /// spec with <see cref="Layers"/> layers derives the layers above it.
    /// </summary>
    public CellSpec ToCellSpec() => new() { Kind = Kind, InputSize = InputSize, HiddenSize = HiddenSize, HasBias = true };

    public int CompareTo(ModelShape? other)
    {
        if (other is null)
        {
            return 1;
        }

        int byKind = Kind.CompareTo(other.Kind);
        int byHidden = HiddenSize.CompareTo(other.HiddenSize);
        int byInput = InputSize.CompareTo(other.InputSize);
        return byKind != 0 ? byKind : byHidden != 0 ? byHidden : byInput != 0 ? byInput : Layers.CompareTo(other.Layers);
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

    /// <summary>"LSTM 64x256" for one layer, "LSTM 64x256x2" for two.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Kind == CellKind.Lstm ? "LSTM" : "GRU")} {InputSize}x{HiddenSize}{(IsStacked ? $"x{Layers}" : "")}");

    /// <summary>
    /// For code that builds a single runtime cell from a shape: a stacked shape is refused rather than
    /// silently run as its layer 0.
    /// </summary>
    public static void RequireSingleLayer(ModelShape shape, string user)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.IsStacked)
        {
            throw new ArgumentException(
                $"{user} needs a single cell, but {shape} has {shape.Layers} layers; expected a one-layer shape.", nameof(shape));
        }
    }

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
