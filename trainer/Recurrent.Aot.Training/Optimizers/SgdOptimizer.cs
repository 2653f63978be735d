using System.Numerics;
using System.Runtime.InteropServices;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, as PyTorch's <c>SGD</c> (dampening 0):
/// g ← g + λθ (only when λ ≠ 0); v ← μv + g; θ ← θ − η v. No dampening, no Nesterov.
/// </summary>
public sealed class SgdOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _velocity;

    public SgdOptimizer(IReadOnlyList<Parameter<T>> parameters, double learningRate, double momentum = 0, double weightDecay = 0)
        : base(parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
        _velocity = CreateSlots();
    }

    public double Momentum { get; }

    public double WeightDecay { get; }

    public override string Name => "sgd";

    public override IReadOnlyDictionary<string, T[][]> State => new Dictionary<string, T[][]> { ["momentum"] = _velocity };

    protected override void Update(int index, Span<T> value, ReadOnlySpan<T> gradient)
    {
        var rule = new Rule(
            T.CreateChecked(LearningRate),
            T.CreateChecked(Momentum),
            T.CreateChecked(WeightDecay),
            HasDecay: WeightDecay != 0,
            HasMomentum: Momentum != 0,
            // PyTorch starts the buffer at the first gradient.
            FirstStep: StepCount == 1);
        Span<T> velocity = _velocity[index];
        int i = UseVectors ? UpdateVectors(rule, value, gradient, velocity) : 0;
        for (; i < value.Length; i++)
        {
            T g = gradient[i];
            if (rule.HasDecay)
            {
                g += rule.Decay * value[i];
            }

            if (rule.HasMomentum)
            {
                velocity[i] = rule.FirstStep ? g : (rule.Mu * velocity[i]) + g;
                g = velocity[i];
            }

            value[i] -= rule.Lr * g;
        }
    }

    /// <summary>The scalar arithmetic in the same order on whole vectors; returns where the scalar tail starts.</summary>
    private static int UpdateVectors(in Rule rule, Span<T> value, ReadOnlySpan<T> gradient, Span<T> velocity)
    {
        ref T valueRef = ref MemoryMarshal.GetReference(value);
        ref T gradientRef = ref MemoryMarshal.GetReference(gradient);
        ref T velocityRef = ref MemoryMarshal.GetReference(velocity);
        var lr = new Vector<T>(rule.Lr);
        var mu = new Vector<T>(rule.Mu);
        var decay = new Vector<T>(rule.Decay);
        bool hasDecay = rule.HasDecay;
        bool hasMomentum = rule.HasMomentum;
        bool firstStep = rule.FirstStep;
        int last = value.Length - Vector<T>.Count;
        int i = 0;
        for (; i <= last; i += Vector<T>.Count)
        {
            nuint at = (nuint)i;
            Vector<T> g = Vector.LoadUnsafe(ref gradientRef, at);
            Vector<T> p = Vector.LoadUnsafe(ref valueRef, at);
            if (hasDecay)
            {
                g += decay * p;
            }

            if (hasMomentum)
            {
                if (!firstStep)
                {
                    g = (mu * Vector.LoadUnsafe(ref velocityRef, at)) + g;
                }

                Vector.StoreUnsafe(g, ref velocityRef, at);
            }

            Vector.StoreUnsafe(p - (lr * g), ref valueRef, at);
        }

        return i;
    }

    private readonly record struct Rule(T Lr, T Mu, T Decay, bool HasDecay, bool HasMomentum, bool FirstStep);
}
