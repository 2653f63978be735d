using Recurrent.Aot.Kernels.Cells;
using Recurrent.Aot.Kernels.Packing;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Cells;

/// <summary>
/// A step's panel order (first to last, or last to first when hOut lies below h) must not change a single
/// bit of the result: each panel computes its own units from the same inputs. Hidden sizes give several
/// blocks on every SIMD path (and a partial last block for 130).
/// </summary>
public sealed class PanelOrderEquivalenceTests
{
    private const int Steps = 9;

    public static TheoryData<string, int> Configurations()
    {
        var data = new TheoryData<string, int>();
        foreach (var (name, _) in CellConfigurations.All())
        {
            foreach (int hidden in new[] { 48, 96, 130 })
                data.Add(name, hidden);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Ping_ponged_buffers_give_the_same_bits_as_fixed_buffers_in_either_order(string name, int hidden)
    {
        CellSpec spec = Sized(name, hidden);
        RecurrentCell cell = RecurrentCell.Create(spec, RandomWeights.For(spec, new Random(hidden)));
        float[][] inputs = Inputs(spec, hidden);

        var alternating = Run(cell, inputs, Buffers.PingPong);
        var forwards = Run(cell, inputs, Buffers.FixedForwards);
        var backwards = Run(cell, inputs, Buffers.FixedBackwards);

        Assert.Equal(Enumerable.Range(0, Steps).Select(step => step % 2 == 1), alternating.Orders);
        Assert.All(forwards.Orders, Assert.False);
        Assert.All(backwards.Orders, Assert.True);
        SameBits(forwards.States, alternating.States, $"{name} H={hidden}: ping-pong vs fixed forwards");
        SameBits(forwards.States, backwards.States, $"{name} H={hidden}: fixed backwards vs fixed forwards");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_kernel_gives_the_same_bits_walking_either_way(string name, int hidden)
    {
        CellSpec spec = Sized(name, hidden);
        PackedCell packed = RecurrentCell.Create(spec, RandomWeights.For(spec, new Random(hidden + 1))).Packed;
        var random = new Random(hidden + 2);
        float[] x = RandomWeights.Uniform(random, spec.InputSize, 1f);
        float[] h = RandomWeights.Uniform(random, spec.OutputSize, 1f);
        float[] c = RandomWeights.Uniform(random, spec.CellStateSize, 1f);
        var scratch = new float[packed.ScratchSize];

        float[] Step(bool backwards, out float[] cOut)
        {
            var hOut = new float[spec.OutputSize];
            cOut = new float[spec.CellStateSize];
            CellKernels.Step(packed, x, default, default, h, c, hOut, cOut, scratch, backwards);
            return hOut;
        }

        float[] hForwards = Step(backwards: false, out float[] cForwards);
        float[] hBackwards = Step(backwards: true, out float[] cBackwards);
        SameBits([hForwards, cForwards], [hBackwards, cBackwards], $"{name} H={hidden}: backwards vs forwards");
    }

    private enum Buffers
    {
        /// <summary>h and hOut are the two halves of one array and swap every step.</summary>
        PingPong,
        /// <summary>h is the lower half, hOut the upper; hOut is copied back into h after each step.</summary>
        FixedForwards,
        /// <summary>h is the upper half, hOut the lower; hOut is copied back into h after each step.</summary>
        FixedBackwards,
    }

    /// <summary>Projections (LSTM at 96 and 130) add the W_hr walk, which follows the same order.</summary>
    private static CellSpec Sized(string name, int hidden)
    {
        CellSpec spec = CellConfigurations.All().Single(configuration => configuration.Name == name).Spec;
        return CellConfigurations.Sized(spec, input: 11, hidden, proj: hidden == 48 ? 0 : hidden / 3);
    }

    private static float[][] Inputs(CellSpec spec, int seed)
    {
        var random = new Random(seed + 3);
        return Enumerable.Range(0, Steps).Select(_ => RandomWeights.Uniform(random, spec.InputSize, 1f)).ToArray();
    }

    /// <summary>Steps the cell over the inputs from a fixed random state; returns each step's new h and c and the order each step took.</summary>
    private static (List<float[]> States, List<bool> Orders) Run(RecurrentCell cell, float[][] inputs, Buffers buffers)
    {
        CellSpec spec = cell.Spec;
        int n = spec.OutputSize, m = spec.CellStateSize;
        var random = new Random(7);
        float[] hPair = new float[2 * n], cPair = new float[2 * m];
        bool upperFirst = buffers == Buffers.FixedBackwards;
        RandomWeights.Uniform(random, n, 1f).CopyTo(hPair.AsSpan(upperFirst ? n : 0, n));
        RandomWeights.Uniform(random, m, 1f).CopyTo(cPair.AsSpan(upperFirst ? m : 0, m));
        Span<float> h = hPair.AsSpan(upperFirst ? n : 0, n), hOut = hPair.AsSpan(upperFirst ? 0 : n, n);
        Span<float> c = cPair.AsSpan(upperFirst ? m : 0, m), cOut = cPair.AsSpan(upperFirst ? 0 : m, m);

        var states = new List<float[]>();
        var orders = new List<bool>();
        foreach (float[] x in inputs)
        {
            orders.Add(PanelOrder.Backwards(h, hOut));
            cell.Step(x, h, c, hOut, cOut);
            states.Add(hOut.ToArray());
            states.Add(cOut.ToArray());
            if (buffers == Buffers.PingPong)
            {
                Span<float> previousH = h, previousC = c;
                h = hOut;
                c = cOut;
                hOut = previousH;
                cOut = previousC;
            }
            else
            {
                hOut.CopyTo(h);
                cOut.CopyTo(c);
            }
        }

        return (states, orders);
    }

    private static void SameBits(List<float[]> expected, List<float[]> actual, string context)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int row = 0; row < expected.Count; row++)
        {
            Assert.Equal(expected[row].Length, actual[row].Length);
            for (int i = 0; i < expected[row].Length; i++)
            {
                int e = BitConverter.SingleToInt32Bits(expected[row][i]), a = BitConverter.SingleToInt32Bits(actual[row][i]);
                Assert.True(e == a, $"{context}: row {row}, index {i}: expected {expected[row][i]:R} (0x{e:X8}), got {actual[row][i]:R} (0x{a:X8}).");
            }
        }
    }
}
