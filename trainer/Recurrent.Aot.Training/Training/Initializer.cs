using System.Numerics;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Training;

/// <summary>PyTorch-style default initialisation, drawn from a seeded <see cref="Pcg32"/> in parameter order.</summary>
public static class Initializer
{
    /// <summary>
    /// Recurrent weights and biases: U(−1/√H, 1/√H) (PyTorch RNNBase). Head: U(−1/√in, 1/√in) for weight and
    /// bias (kaiming_uniform with a = √5, as <c>nn.Linear</c>). Learned initial states start at zero.
    /// <paramref name="forgetBias"/> sets the bias of the gate that keeps memory (LSTM forget gate f, GRU update
    /// gate z) so that b_ih + b_hh equals it (b_hh part 0): memory then survives long gaps early in training.
    /// </summary>
    public static void InitializeDefault<T>(RecurrentNetwork<T> network, ulong seed, double? forgetBias = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var rng = new Pcg32(seed);
        NetworkSpec spec = network.Spec;
        double recurrentBound = 1.0 / Math.Sqrt(spec.HiddenSize);
        var initialStates = new HashSet<Parameter<T>>(network.InitialHidden.Concat(network.InitialCell));
        foreach (Parameter<T> p in network.Parameters)
        {
            if (initialStates.Contains(p))
            {
                Array.Clear(p.Value);
                continue;
            }

            double bound = recurrentBound;
            if (network.Head is not null && (p == network.Head.Weight || p == network.Head.Bias))
            {
                bound = 1.0 / Math.Sqrt(network.Head.Inputs);
            }

            Fill(p.Value, rng, bound);
        }

        if (forgetBias is double value && spec.Cell != CellKind.Rnn && spec.HasBias)
        {
            int h = spec.HiddenSize;
            for (int k = 0; k < spec.Layers; k++)
            {
                for (int d = 0; d < spec.Directions; d++)
                {
                    CellLayer<T> cell = network.Cell(k, d);
                    cell.BiasIh!.Value.AsSpan(h, h).Fill(T.CreateChecked(value));
                    cell.BiasHh!.Value.AsSpan(h, h).Clear();
                }
            }
        }
    }

    /// <summary>Fills values with U(−bound, bound).</summary>
    public static void Fill<T>(Span<T> values, Pcg32 rng, double bound)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(rng.NextUniform(-bound, bound));
        }
    }
}
