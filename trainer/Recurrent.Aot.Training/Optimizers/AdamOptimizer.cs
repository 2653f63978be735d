using System.Numerics;
using System.Runtime.InteropServices;
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
        T lr = T.CreateChecked(LearningRate);
        T decay = T.CreateChecked(WeightDecay);
        var rule = new Rule(
            b1,
            T.One - b1,
            b2,
            T.One - b2,
            StepSize: lr / (T.One - T.Pow(b1, T.CreateChecked(StepCount))),
            Correction2Sqrt: T.Sqrt(T.One - T.Pow(b2, T.CreateChecked(StepCount))),
            T.CreateChecked(Epsilon),
            // PyTorch skips the decay term entirely at weight_decay = 0 (0·θ would turn an infinite θ into NaN).
            L2Decay: !DecoupledWeightDecay && WeightDecay != 0 ? decay : null,
            Shrink: DecoupledWeightDecay && WeightDecay != 0 ? T.One - (lr * decay) : null);
        Span<T> m = _m[index];
        Span<T> v = _v[index];
        int i = UseVectors ? UpdateVectors(rule, value, gradient, m, v) : 0;
        for (; i < value.Length; i++)
        {
            T g = gradient[i];
            T p = value[i];
            if (rule.Shrink is T shrink)
            {
                p *= shrink;
            }
            else if (rule.L2Decay is T l2)
            {
                g += l2 * p;
            }

            m[i] = (rule.B1 * m[i]) + (rule.OneMinusB1 * g);
            v[i] = (rule.B2 * v[i]) + (rule.OneMinusB2 * g * g);
            T denominator = (T.Sqrt(v[i]) / rule.Correction2Sqrt) + rule.Epsilon;
            value[i] = p - (rule.StepSize * m[i] / denominator);
        }
    }

    /// <summary>
    /// The same arithmetic as the scalar loop, in the same order, on whole vectors in one pass over the five
    /// buffers (so each element matches the scalar result); returns where the scalar tail starts.
    /// </summary>
    private static int UpdateVectors(in Rule rule, Span<T> value, ReadOnlySpan<T> gradient, Span<T> m, Span<T> v)
    {
        ref T valueRef = ref MemoryMarshal.GetReference(value);
        ref T gradientRef = ref MemoryMarshal.GetReference(gradient);
        ref T mRef = ref MemoryMarshal.GetReference(m);
        ref T vRef = ref MemoryMarshal.GetReference(v);
        var b1 = new Vector<T>(rule.B1);
        var oneMinusB1 = new Vector<T>(rule.OneMinusB1);
        var b2 = new Vector<T>(rule.B2);
        var oneMinusB2 = new Vector<T>(rule.OneMinusB2);
        var stepSize = new Vector<T>(rule.StepSize);
        var correction2Sqrt = new Vector<T>(rule.Correction2Sqrt);
        var epsilon = new Vector<T>(rule.Epsilon);
        bool shrinks = rule.Shrink.HasValue;
        bool l2 = rule.L2Decay.HasValue;
        var shrink = new Vector<T>(rule.Shrink.GetValueOrDefault());
        var l2Decay = new Vector<T>(rule.L2Decay.GetValueOrDefault());
        int last = value.Length - Vector<T>.Count;
        int i = 0;
        for (; i <= last; i += Vector<T>.Count)
        {
            nuint at = (nuint)i;
            Vector<T> g = Vector.LoadUnsafe(ref gradientRef, at);
            Vector<T> p = Vector.LoadUnsafe(ref valueRef, at);
            if (shrinks)
            {
                p *= shrink;
            }
            else if (l2)
            {
                g += l2Decay * p;
            }

            Vector<T> mi = (b1 * Vector.LoadUnsafe(ref mRef, at)) + (oneMinusB1 * g);
            Vector<T> vi = (b2 * Vector.LoadUnsafe(ref vRef, at)) + (oneMinusB2 * g * g);
            Vector<T> denominator = (Vector.SquareRoot(vi) / correction2Sqrt) + epsilon;
            Vector.StoreUnsafe(mi, ref mRef, at);
            Vector.StoreUnsafe(vi, ref vRef, at);
            Vector.StoreUnsafe(p - (stepSize * mi / denominator), ref valueRef, at);
        }

        return i;
    }

    /// <summary>One step's constants; a null decay means that term is left out.</summary>
    private readonly record struct Rule(T B1, T OneMinusB1, T B2, T OneMinusB2, T StepSize, T Correction2Sqrt, T Epsilon, T? L2Decay, T? Shrink);
}
