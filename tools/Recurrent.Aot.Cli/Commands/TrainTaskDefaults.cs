using Recurrent.Aot.Training.Tasks;

namespace Recurrent.Aot.Cli.Commands;

/// <summary>What the built-in tasks fix regardless of the command line (their data shapes and losses).</summary>
internal static class TrainTaskDefaults
{
    public const int RecallSymbols = 4;

    /// <summary>Applies a built-in task's input size, loss and output mode to the settings.</summary>
    public static TrainSettings Apply(TrainSettings s) => s.Task switch
    {
        TrainDataLoader.BinaryAddition => s with { Features = 2, Loss = "bce", OutputMode = "every", TargetWidth = 1 },
        TrainDataLoader.Recall => s with { Features = RecallTask.InputSize(RecallSymbols), Loss = "cross-entropy", OutputMode = "last", Classes = RecallSymbols },
        _ => s,
    };
}
