using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Aot.Training.Optimizers;

/// <summary>Clipping by global norm, as PyTorch's <c>clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>The L2 norm over every gradient value (accumulated in double).</summary>
    public static double GlobalNorm<T>(T[][] gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradients);
        double sum = 0;
        foreach (T[] g in gradients)
        {
            foreach (T v in g)
            {
                double d = double.CreateTruncating(v);
                sum += d * d;
            }
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Scales every gradient by maxNorm / (norm + 1e-6) when the global norm exceeds maxNorm; returns the norm before clipping.</summary>
    public static double ClipByGlobalNorm<T>(T[][] gradients, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        double norm = GlobalNorm(gradients);
        if (norm > maxNorm)
        {
            T factor = T.CreateChecked(maxNorm / (norm + 1e-6));
            foreach (T[] g in gradients)
            {
                TensorPrimitives.Multiply(g, factor, g);
            }
        }

        return norm;
    }
}
