using System.Numerics;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Parameters;

namespace Recurrent.Aot.Training.Training;

/// <summary>A model the <see cref="Trainer{T}"/> can fit: parameters, a loss, and a forward/backward pass over one shard.</summary>
public interface ITrainableModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Every trainable parameter; gradient buffers follow this order.</summary>
    IReadOnlyList<Parameter<T>> Parameters { get; }

    LossKind Loss { get; }

    /// <summary>Refreshes derived weight copies after an update (single-threaded).</summary>
    void Prepare();

    /// <summary>Scratch state for one shard; one per concurrently running shard.</summary>
    object CreateWorkspace();

    /// <summary>Checks that examples fit the model (sizes, label range, finite values); throws <see cref="ArgumentException"/> naming the example.</summary>
    void Validate(IReadOnlyList<SequenceExample> examples);

    /// <summary>Number of terms the loss of these examples averages over.</summary>
    long CountLossTerms(ArraySegment<SequenceExample> examples);

    /// <summary>
    /// Forward pass over a shard; with gradients, also the backward pass of (summed loss · scale), added into
    /// gradients (parameter order). Returns the summed loss and prediction counts.
    /// </summary>
    BatchStatistics Run(ArraySegment<SequenceExample> shard, object workspace, T[][]? gradients, double scale);
}
