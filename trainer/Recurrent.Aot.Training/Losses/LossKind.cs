namespace Recurrent.Aot.Training.Losses;

/// <summary>The training objectives. Each takes the network's raw outputs (logits for the classifiers).</summary>
public enum LossKind
{
    /// <summary>Mean squared error over every output value (PyTorch <c>MSELoss</c>, mean reduction).</summary>
    MeanSquaredError,

    /// <summary>Softmax cross-entropy against a class index per row (PyTorch <c>CrossEntropyLoss</c>).</summary>
    SoftmaxCrossEntropy,

    /// <summary>Sigmoid binary cross-entropy against 0/1 targets per value (PyTorch <c>BCEWithLogitsLoss</c>).</summary>
    BinaryCrossEntropy,
}
