using System.Numerics;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, as PyTorch's <c>SGD</c> (dampening 0):
/// g ← g + λθ; v ← μv + g; θ ← θ − η v.
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
        T lr = T.CreateChecked(LearningRate);
        T mu = T.CreateChecked(Momentum);
        T decay = T.CreateChecked(WeightDecay);
        Span<T> v = _velocity[index];
        for (int i = 0; i < value.Length; i++)
        {
            T g = gradient[i] + (decay * value[i]);
            if (Momentum != 0)
            {
                // PyTorch starts the buffer at the first gradient.
                v[i] = StepCount == 1 ? g : (mu * v[i]) + g;
                g = v[i];
            }

            value[i] -= lr * g;
        }
    }
}
