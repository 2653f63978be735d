using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;

namespace Recurrent.Aot.Training.Training;

/// <summary>Data checks shared by the models: clear messages that name the example and the problem.</summary>
internal static class ExampleChecks
{
    public static void CheckInputs(SequenceExample e, int index, int inputSize)
    {
        if (e.InputSize != inputSize)
        {
            throw new ArgumentException($"Example {index}: {e.InputSize} input features per step, the model expects {inputSize}.");
        }

        int bad = Array.FindIndex(e.Inputs, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"Example {index}: input value {bad} is {e.Inputs[bad]} (NaN or infinite).");
        }
    }

    public static void CheckTargets(SequenceExample e, int index, LossKind loss, int width)
    {
        if (loss == LossKind.SoftmaxCrossEntropy)
        {
            if (e.Labels is null)
            {
                throw new ArgumentException($"Example {index}: cross-entropy needs class labels.");
            }

            foreach (int label in e.Labels)
            {
                if ((uint)label >= (uint)width)
                {
                    throw new ArgumentException($"Example {index}: label {label} is outside [0, {width}).");
                }
            }

            return;
        }

        if (e.Targets is null || e.TargetWidth != width)
        {
            throw new ArgumentException($"Example {index}: expected {width} target values per step, got {(e.Targets is null ? "labels" : e.TargetWidth.ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        }

        for (int i = 0; i < e.Targets.Length; i++)
        {
            float v = e.Targets[i];
            if (!float.IsFinite(v))
            {
                throw new ArgumentException($"Example {index}: target value {i} is {v} (NaN or infinite).");
            }

            if (loss == LossKind.BinaryCrossEntropy && (v < 0 || v > 1))
            {
                throw new ArgumentException($"Example {index}: binary cross-entropy target {i} is {v}, expected a value in [0, 1].");
            }
        }
    }
}
