using System.Numerics;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Optimizers;

/// <summary>Updates parameters from their gradients. State (moments) is per parameter and can be saved in checkpoints.</summary>
public abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    protected Optimizer(IReadOnlyList<Parameter<T>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>Number of updates applied so far.</summary>
    public long StepCount { get; protected set; }

    public double LearningRate { get; set; }

    /// <summary>Short name stored in checkpoints ("sgd", "adam").</summary>
    public abstract string Name { get; }

    /// <summary>Applies one update; gradients are in parameter order.</summary>
    public void Step(T[][] gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Length != Parameters.Count)
        {
            throw new ArgumentException($"Expected {Parameters.Count} gradient buffers, got {gradients.Length}.", nameof(gradients));
        }

        // The updates read gradients with unchecked vector loads: a short buffer must fail here, not read past its end.
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (gradients[i] is null)
            {
                throw new ArgumentException($"Gradient {i} ('{Parameters[i].Name}') is null.", nameof(gradients));
            }

            if (gradients[i].Length != Parameters[i].Length)
            {
                throw new ArgumentException($"Gradient {i} ('{Parameters[i].Name}') must hold {Parameters[i].Length} values, got {gradients[i].Length}.", nameof(gradients));
            }
        }

        StepCount++;
        for (int i = 0; i < Parameters.Count; i++)
        {
            Update(i, Parameters[i].Value, gradients[i]);
        }
    }

    /// <summary>Updates one parameter; <paramref name="gradient"/> has the same length as <paramref name="value"/>.</summary>
    protected abstract void Update(int index, Span<T> value, ReadOnlySpan<T> gradient);

    /// <summary>Whether the updates can run on <see cref="Vector{T}"/> (T is float or double, and SIMD is on).</summary>
    protected static bool UseVectors => Vector.IsHardwareAccelerated && Vector<T>.IsSupported;

    /// <summary>Named state buffers ("{slot}" → one array per parameter) for checkpoints.</summary>
    public abstract IReadOnlyDictionary<string, T[][]> State { get; }

    /// <summary>Restores the step count after loading <see cref="State"/> buffers in place.</summary>
    public void RestoreStepCount(long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        StepCount = steps;
    }

    protected T[][] CreateSlots()
    {
        var slots = new T[Parameters.Count][];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = new T[Parameters[i].Length];
        }

        return slots;
    }
}
