namespace Recurrent.Aot.Training.Data;

/// <summary>How a data file's targets are read.</summary>
public sealed record TargetLayout
{
    /// <summary>Class labels (one integer per sequence or per step) rather than real-valued targets.</summary>
    public bool Labels { get; init; } = true;

    /// <summary>Real-valued targets per target step (ignored for labels).</summary>
    public int TargetWidth { get; init; } = 1;

    /// <summary>Number of classes; null = inferred as the largest label + 1.</summary>
    public int? Classes { get; init; }

    /// <summary>Targets for every step (N→N) instead of one per sequence (N→1).</summary>
    public bool EveryStep { get; init; }
}
