using System.Linq;
using Recurrent.Aot.Generator.Helpers;
using Recurrent.Aot.Generator.Model;

namespace Recurrent.Aot.Generator.Planning;

/// <summary>Makes a model's <see cref="ModelPlan"/> from its spec: the one place where layouts and run policies are decided.</summary>
internal static class ModelPlanner
{
    public static ModelPlan Plan(ModelSpec spec)
    {
        var layout = new PackedLayout(spec);
        int bufferFloats = InputChunking.Rows * layout.Cells[0].InputRowFloats;
        bool[] chunked = layout.Cells.Select(cell => InputChunking.Pays(cell, bufferFloats)).ToArray();
        bool anyChunks = chunked.Any(c => c);
        int blockSteps = InputChunking.BlockSteps(spec);
        return new ModelPlan(
            spec,
            layout,
            new ParameterLayout(spec),
            new EquatableArray<bool>(chunked),
            anyChunks,
            bufferFloats,
            RunsInBlocks(spec, layout, anyChunks, blockSteps),
            blockSteps,
            new EquatableArray<int>(StreamGroups(spec, layout)),
            NeedsScratch(layout),
            ScratchFloats(layout),
            CanGenerate(spec));
    }

    /// <summary>
    /// Whether Run and RunLast of a unidirectional model go through the block loop: a model of several layers
    /// (running a layer through a block before the next keeps each layer's weights in cache across the block's
    /// steps, where stepping all layers every step makes them evict each other), or one whose only layer is chunked.
    /// </summary>
    private static bool RunsInBlocks(ModelSpec spec, PackedLayout layout, bool anyChunks, int blockSteps)
        => !spec.Bidirectional && (layout.Cells.Length > 1
            ? blockSteps * spec.HiddenOutputSize <= InputChunking.MaxBufferFloats
            : anyChunks);

    /// <summary>The largest group StepBatch steps together: 8 streams (a 512-bit LSTM tile holds 4, so 8 is two sub-groups per panel pass).</summary>
    public const int MaxStreamGroup = 8;

    /// <summary>Units from which a cell's streams go in groups of 8 and 4, not only in pairs.</summary>
    public const int LargeGroupUnits = 128;

    /// <summary>
    /// The groups StepBatch runs through the cells' multi-stream kernels (each weight vector loaded once per register
    /// tile for all the tile's streams), largest first, so any stream count takes the largest groups first and at
    /// most one stream steps alone. Every cell must have that form, and the model must step (not bidirectional).
    /// It pays where weight traffic matters, i.e. some cell has more than 32 units (several panels), and with the fast
    /// activations. A cell of up to 32 units with the exact activations steps its streams one at a time: there the
    /// streams' epilogues together exceeded the registers, and the spills cost more than the shared loads saved
    /// (measured for two streams with 32-unit panels; the 32-unit bound keeps that decision for 16-unit panels).
    /// Groups of 8 and 4 come in from <see cref="LargeGroupUnits"/> units: below, the 4-stream tile's epilogues spill
    /// (a 4-stream tile holds 16 accumulators while one stream's activations run) and 8 streams were slower than 8
    /// Steps at LSTM (16, 64) and fast LSTM (8, 32), where from (32, 128) up they were faster (docs/benchmarks.md).
    /// </summary>
    private static int[] StreamGroups(ModelSpec spec, PackedLayout layout)
    {
        if (spec.Bidirectional
            || !layout.Cells.All(cell => cell.HasStreamsForm)
            || !(spec.FastActivations || layout.Cells.Any(cell => cell.PaddedHidden > 32)))
        {
            return System.Array.Empty<int>();
        }
        return layout.Cells.Any(cell => cell.PaddedHidden >= LargeGroupUnits) ? new[] { MaxStreamGroup, 4, 2 } : new[] { 2 };
    }

    /// <summary>The original GRU keeps r⊙h, z and W_in·x + b_n between its two kernels; a projection keeps o⊙act(c').</summary>
    private static bool NeedsScratch(PackedLayout layout) => layout.Cells.Any(c => c.ResetBefore || c.Projection is not null);

    private static int ScratchFloats(PackedLayout layout) => layout.Cells.Max(c => c.ResetBefore ? 3 * c.PaddedHidden : c.PaddedHidden);

    /// <summary>
    /// Whether the model gets Generate: each step's output becomes the next step's input, so the output must be
    /// the input's size, and the model must step (a bidirectional one needs the whole sequence up front). Other
    /// models get no Generate member at all (calling it does not compile), where the runtime's RecurrentModel.Generate
    /// throws InvalidOperationException.
    /// </summary>
    private static bool CanGenerate(ModelSpec spec) => !spec.Bidirectional && spec.StepOutputSize == spec.InputSize;
}
