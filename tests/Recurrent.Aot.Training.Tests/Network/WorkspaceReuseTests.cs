using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Tests.Network;

/// <summary>Workspace buffers only grow: smaller shapes reuse them, sliced to the exact length.</summary>
public sealed class WorkspaceReuseTests
{
    [Fact]
    public void A_buffer_resized_to_the_same_or_a_smaller_length_allocates_nothing()
    {
        GrowBuffer<float> buffer = default;
        Assert.Equal(0, buffer.Span.Length);
        buffer.Resize(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Span<float> same = buffer.Resize(100);
        Span<float> smaller = buffer.Resize(37);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(100, same.Length);
        Assert.Equal(37, smaller.Length);
        Assert.Equal(37, buffer.Span.Length);
        Assert.Equal(100, buffer.Capacity);

        buffer.Resize(101);
        Assert.Equal(101, buffer.Capacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Resize(-1));
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void A_smaller_batch_after_a_larger_one_reuses_the_workspace_and_matches_a_fresh_one(CellKind cell)
    {
        var spec = new NetworkSpec(cell, 3, 5) { Layers = 2, Bidirectional = true, HeadSize = 2, LearnInitialState = true };
        var network = new RecurrentNetwork<double>(spec);
        var random = new Random(11);
        foreach (Parameter<double> p in network.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] = (random.NextDouble() - 0.5) * 0.6;
            }
        }

        network.Prepare();
        NetworkWorkspace<double> reused = network.CreateWorkspace();
        Run(network, reused, random, steps: 6, batch: 4, OutputMode.EveryStep);
        Run(network, reused, random, steps: 6, batch: 4, OutputMode.LastStep);

        double[] input = RandomValues(random, 4 * 3 * 3);
        (double[] reusedOutput, double[][] reusedGradients) = Run(network, reused, input, steps: 4, batch: 3, OutputMode.LastStep);
        NetworkWorkspace<double> fresh = network.CreateWorkspace();
        (double[] freshOutput, double[][] freshGradients) = Run(network, fresh, input, steps: 4, batch: 3, OutputMode.LastStep);

        Assert.Equal(freshOutput, reusedOutput);
        Assert.Equal(fresh.FinalHidden.ToArray(), reused.FinalHidden.ToArray());
        Assert.Equal(fresh.FinalCell.ToArray(), reused.FinalCell.ToArray());
        Assert.Equal(spec.Layers * spec.Directions * 3 * spec.StateSize, reused.FinalHidden.Length);
        for (int p = 0; p < freshGradients.Length; p++)
        {
            Assert.Equal(freshGradients[p], reusedGradients[p]);
        }
    }

    [Fact]
    public void Forward_and_backward_on_a_smaller_shape_allocate_nothing_in_the_workspace()
    {
        var spec = new NetworkSpec(CellKind.Lstm, 3, 4) { HeadSize = 2 };
        var network = new RecurrentNetwork<float>(spec);
        var random = new Random(5);
        foreach (Parameter<float> p in network.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] = (float)(random.NextDouble() - 0.5);
            }
        }

        network.Prepare();
        NetworkWorkspace<float> workspace = network.CreateWorkspace();
        float[][] gradients = network.Parameters.CreateGradientBuffers();
        float[] large = new float[8 * 4 * 3];
        float[] small = new float[5 * 2 * 3];
        float[] dLarge = new float[8 * 4 * 2];
        float[] dSmall = new float[5 * 2 * 2];
        large.AsSpan().Fill(0.3f);
        small.AsSpan().Fill(-0.2f);
        dLarge.AsSpan().Fill(0.1f);
        dSmall.AsSpan().Fill(0.1f);

        network.Forward(workspace, large, 8, 4, default, OutputMode.EveryStep);
        network.Backward(workspace, dLarge, gradients);
        network.Forward(workspace, small, 5, 2, default, OutputMode.EveryStep);
        network.Backward(workspace, dSmall, gradients);

        long before = GC.GetAllocatedBytesForCurrentThread();
        network.Forward(workspace, large, 8, 4, default, OutputMode.EveryStep);
        network.Backward(workspace, dLarge, gradients);
        network.Forward(workspace, small, 5, 2, default, OutputMode.EveryStep);
        network.Backward(workspace, dSmall, gradients);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(5 * 2 * 2, workspace.Output.Length);
    }

    private static (double[] Output, double[][] Gradients) Run(RecurrentNetwork<double> network, NetworkWorkspace<double> workspace, Random random, int steps, int batch, OutputMode mode) =>
        Run(network, workspace, RandomValues(random, steps * batch * network.Spec.InputSize), steps, batch, mode);

    private static (double[] Output, double[][] Gradients) Run(RecurrentNetwork<double> network, NetworkWorkspace<double> workspace, double[] input, int steps, int batch, OutputMode mode)
    {
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            lengths[b] = steps - (b % 2);
        }

        network.Forward(workspace, input, steps, batch, lengths, mode);
        double[] dOutput = new double[workspace.Output.Length];
        for (int i = 0; i < dOutput.Length; i++)
        {
            dOutput[i] = 0.01 * ((i % 7) - 3);
        }

        double[][] gradients = network.Parameters.CreateGradientBuffers();
        network.Backward(workspace, dOutput, gradients);
        return (workspace.Output.ToArray(), gradients);
    }

    private static double[] RandomValues(Random random, int count)
    {
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.NextDouble() - 0.5;
        }

        return values;
    }
}
