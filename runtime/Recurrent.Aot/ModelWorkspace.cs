namespace Recurrent.Aot;

/// <summary>
/// Buffers for whole-sequence runs of one model (precomputed input projections, layer outputs,
/// ping-pong cell states). Create once with <see cref="RecurrentModel.CreateWorkspace"/> and reuse;
/// one workspace serves one thread at a time.
/// </summary>
public sealed class ModelWorkspace
{
    internal ModelWorkspace(RecurrentModel owner, int maxSequenceLength, int maxBatch, int preStride, int layerWidth, int hOut, int hidden, int cellScratch, int headPadded)
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

        // Batched recurrence: every active stream's h gathered into one matrix, its W_hh product, and the
        // streams' cell states ping-ponged (all active streams advance together, so one parity serves all).
        int batched = maxBatch >= RecurrentModel.BatchedRecurrenceMinimum ? maxBatch : 0;
        BatchHidden = new float[batched * hOut];
        BatchRecurrent = new float[batched * preStride];
        BatchCellA = new float[batched * hidden];
        BatchCellB = new float[batched * hidden];
        ActiveStreams = new int[batched];
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

    internal float[] BatchHidden { get; }

    internal float[] BatchRecurrent { get; }

    internal float[] BatchCellA { get; }

    internal float[] BatchCellB { get; }

    internal int[] ActiveStreams { get; }
}
