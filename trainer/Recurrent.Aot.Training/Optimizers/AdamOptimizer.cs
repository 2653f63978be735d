using System.Numerics;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Optimizers;

/// <summary>
/// Adam (Kingma and Ba) with PyTorch's arithmetic. Weight decay is either L2 added to the gradient
/// (PyTorch <c>Adam</c>) or decoupled θ ← θ(1 − ηλ) (PyTorch <c>AdamW</c>).
/// </summary>
public sealed class AdamOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _m;
    private readonly T[][] _v;

    public AdamOptimizer(IReadOnlyList<Parameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false)
        : base(parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), "Adam betas must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        DecoupledWeightDecay = decoupledWeightDecay;
        _m = CreateSlots();
        _v = CreateSlots();
    }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public double WeightDecay { get; }

    public bool DecoupledWeightDecay { get; }

    public override string Name => DecoupledWeightDecay ? "adamw" : "adam";

    public override IReadOnlyDictionary<string, T[][]> State => new Dictionary<string, T[][]> { ["exp_avg"] = _m, ["exp_avg_sq"] = _v };

    protected override void Update(int index, Span<T> value, ReadOnlySpan<T> gradient)
    {
        T b1 = T.CreateChecked(Beta1);
        T b2 = T.CreateChecked(Beta2);
        T oneMinusB1 = T.One - b1;
        T oneMinusB2 = T.One - b2;
        T decay = T.CreateChecked(WeightDecay);
        T lr = T.CreateChecked(LearningRate);
        T eps = T.CreateChecked(Epsilon);
        T correction1 = T.One - T.Pow(b1, T.CreateChecked(StepCount));
        T correction2Sqrt = T.Sqrt(T.One - T.Pow(b2, T.CreateChecked(StepCount)));
        T stepSize = lr / correction1;
        Span<T> m = _m[index];
        Span<T> v = _v[index];
        for (int i = 0; i < value.Length; i++)
        {
            T g = gradient[i];
            if (DecoupledWeightDecay)
            {
                value[i] *= T.One - (lr * decay);
            }
            else
            {
                g += decay * value[i];
            }

            m[i] = (b1 * m[i]) + (oneMinusB1 * g);
            v[i] = (b2 * v[i]) + (oneMinusB2 * g * g);
            T denominator = (T.Sqrt(v[i]) / correction2Sqrt) + eps;
            value[i] -= stepSize * m[i] / denominator;
        }
    }
}
