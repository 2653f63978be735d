namespace Recurrent.Aot.Cli.Commands;

/// <summary>Everything <c>recurrent train</c> was asked to do, as parsed from the command line.</summary>
internal sealed record TrainSettings
{
    public required string Output { get; init; }

    // Data: a file (CSV, or .npy inputs with .npy targets) or a built-in task.
    public string? Data { get; init; }
    public string? Targets { get; init; }
    public string? Task { get; init; }
    public string? Validation { get; init; }
    public string? ValidationTargets { get; init; }
    public double ValidationSplit { get; init; } = 0.2;
    public int Features { get; init; } = 1;
    public int? Classes { get; init; }
    public int TargetWidth { get; init; } = 1;
    public string OutputMode { get; init; } = "last";
    public string Loss { get; init; } = "cross-entropy";
    public int TaskSize { get; init; } = 2000;
    public int Gap { get; init; } = 20;
    public int Bits { get; init; } = 8;

    // Model.
    public string Cell { get; init; } = "lstm";
    public int Hidden { get; init; } = 32;
    public int Layers { get; init; } = 1;
    public bool Bidirectional { get; init; }
    public int ProjSize { get; init; }
    public bool Peepholes { get; init; }
    public string Nonlinearity { get; init; } = "tanh";
    public string GruReset { get; init; } = "after";

    // Activations by their file-format names; null = the cell's default (sigmoid gates, tanh candidate and cell).
    public string? GateActivation { get; init; }
    public string? CandidateActivation { get; init; }
    public string? CellActivation { get; init; }
    public bool LearnInitialState { get; init; }
    public double? ForgetBias { get; init; }
    public string Module { get; init; } = "rnn";
    public string Head { get; init; } = "head";

    // Optimisation.
    public string Optimizer { get; init; } = "adam";
    public double LearningRate { get; init; } = 1e-3;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; }
    public double Clip { get; init; } = 1.0;
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 32;
    public int ShardSize { get; init; } = 16;
    public int Patience { get; init; }
    public ulong Seed { get; init; } = 1;
    public int Threads { get; init; } = -1;

    // Reports and checkpoints.
    public string? Metrics { get; init; }
    public string? Plot { get; init; }
    public string? Checkpoint { get; init; }
    public string? Resume { get; init; }
}
