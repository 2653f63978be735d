using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Tasks;

namespace Recurrent.Aot.Cli.Commands;

/// <summary>Training and validation sequences for <c>recurrent train</c>: from files or a built-in task.</summary>
internal static class TrainDataLoader
{
    public const string BinaryAddition = "binary-addition";
    public const string Recall = "recall";

    public static (List<SequenceExample> Train, List<SequenceExample> Validation) Load(TrainSettings s)
    {
        if ((s.Data is null) == (s.Task is null))
        {
            throw new CliInputException("give either --data FILE or --task NAME (binary-addition, recall)");
        }

        if (s.Task is not null)
        {
            return Task(s);
        }

        TargetLayout layout = Layout(s);
        List<SequenceExample> train = Read(s.Data!, s.Targets, s, layout, "--targets");
        if (s.Validation is not null)
        {
            return (train, Read(s.Validation, s.ValidationTargets, s, layout, "--validation-targets"));
        }

        if (s.ValidationSplit is < 0 or >= 1)
        {
            throw new CliInputException($"--validation-split must be in [0, 1), got {s.ValidationSplit}");
        }

        // A seeded shuffle, then the last fraction is held out.
        SequenceExample[] all = [.. train];
        new Pcg32(s.Seed, 1_000_003).Shuffle<SequenceExample>(all);
        int held = (int)Math.Round(all.Length * s.ValidationSplit);
        if (held > 0 && held == all.Length)
        {
            held = all.Length - 1;
        }

        return ([.. all[..^held]], [.. all[^held..]]);
    }

    public static TargetLayout Layout(TrainSettings s) => new()
    {
        Labels = s.Loss == "cross-entropy",
        TargetWidth = s.TargetWidth,
        Classes = s.Classes,
        EveryStep = s.OutputMode == "every",
    };

    private static List<SequenceExample> Read(string path, string? targets, TrainSettings s, TargetLayout layout, string targetsOption)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(null, path);
        }

        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            if (targets is null)
            {
                throw new CliInputException($"{Path.GetFileName(path)}: .npy inputs need their targets or labels in a second .npy file ({targetsOption})");
            }

            return NpySequenceReader.Read(path, targets, layout);
        }

        return CsvSequenceReader.Read(path, s.Features, layout);
    }

    private static (List<SequenceExample>, List<SequenceExample>) Task(TrainSettings s)
    {
        int validation = Math.Max(1, s.TaskSize / 5);
        switch (s.Task)
        {
            case BinaryAddition:
                return (BinaryAdditionTask.Generate(s.TaskSize, s.Bits, new Pcg32(s.Seed, 11)),
                        BinaryAdditionTask.Generate(validation, s.Bits, new Pcg32(s.Seed, 12)));
            case Recall:
                return (RecallTask.Generate(s.TaskSize, s.Gap, TrainTaskDefaults.RecallSymbols, new Pcg32(s.Seed, 21)),
                        RecallTask.Generate(validation, s.Gap, TrainTaskDefaults.RecallSymbols, new Pcg32(s.Seed, 22)));
            default:
                throw new CliInputException($"unknown task '{s.Task}': expected {BinaryAddition} or {Recall}");
        }
    }
}
