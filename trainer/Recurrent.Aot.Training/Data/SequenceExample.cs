namespace Recurrent.Aot.Training.Data;

/// <summary>
/// One training sequence: inputs (Steps, features) row-major and either regression/BCE targets
/// (TargetSteps, width) or class labels (TargetSteps). TargetSteps is Steps for N→N, 1 for N→1 and
/// the decoder length for N→M.
/// </summary>
public sealed class SequenceExample
{
    private SequenceExample(float[] inputs, int steps, float[]? targets, int[]? labels, int targetSteps)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSteps);
        if (inputs.Length % steps != 0)
        {
            throw new ArgumentException($"Inputs hold {inputs.Length} values, not a multiple of the {steps} steps.", nameof(inputs));
        }

        if (targets is not null && targets.Length % targetSteps != 0)
        {
            throw new ArgumentException($"Targets hold {targets.Length} values, not a multiple of the {targetSteps} target steps.", nameof(targets));
        }

        Inputs = inputs;
        Steps = steps;
        Targets = targets;
        Labels = labels;
        TargetSteps = targetSteps;
    }

    public float[] Inputs { get; }

    public int Steps { get; }

    public int InputSize => Inputs.Length / Steps;

    public float[]? Targets { get; }

    public int[]? Labels { get; }

    public int TargetSteps { get; }

    /// <summary>Values per target step (0 for labels).</summary>
    public int TargetWidth => Targets is null ? 0 : Targets.Length / TargetSteps;

    public static SequenceExample WithLabels(float[] inputs, int steps, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new(inputs, steps, null, labels, labels.Length);
    }

    public static SequenceExample WithTargets(float[] inputs, int steps, float[] targets, int targetSteps) =>
        new(inputs, steps, targets, null, targetSteps);
}
