namespace Recurrent.Aot;

/// <summary>
/// Buffers for whole-sequence runs of one model (precomputed input projections, layer outputs,
/// ping-pong cell states). Create once with <see cref="RecurrentModel.CreateWorkspace"/> and reuse;
/// one workspace serves one thread at a time.
/// </summary>
public sealed class ModelWorkspace
{
    internal ModelWorkspace(RecurrentModel owner, int maxSequenceLength, int maxBatch, int preStride, int layerWidth, int hidden, int cellScratch, int headPadded)
    {
        Owner = owner;
        MaxSequenceLength = maxSequenceLength;
        MaxBatch = maxBatch;
        long rows = (long)maxSequenceLength * maxBatch;
        Preactivations = new float[checked((int)(rows * preStride))];
        LayerA = new float[checked((int)(rows * layerWidth))];
        LayerB = new float[LayerA.Length];
        CellA = new float[hidden];
        CellB = new float[hidden];
        Scratch = new float[cellScratch];
        HeadPadded = new float[checked((int)(rows * headPadded))];
    }

    /// <summary>The longest sequence this workspace can run.</summary>
    public int MaxSequenceLength { get; }

    /// <summary>The most streams this workspace can run at once.</summary>
    public int MaxBatch { get; }

    internal RecurrentModel Owner { get; }

    internal float[] Preactivations { get; }

    internal float[] LayerA { get; }

    internal float[] LayerB { get; }

    internal float[] CellA { get; }

    internal float[] CellB { get; }

    internal float[] Scratch { get; }

    internal float[] HeadPadded { get; }
}
