using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Recurrent.Aot.Interop.Tests.Support;

/// <summary>A tensor as ONNX Runtime takes and returns it: row-major data and its shape.</summary>
public sealed record OrtTensor(float[] Data, int[] Shape);

/// <summary>Runs an ONNX model in ONNX Runtime (in this process): the oracle of every interop test.</summary>
public static class Ort
{
    public static Dictionary<string, OrtTensor> Run(byte[] model, string inputName, OrtTensor input, int[]? sequenceLengths = null)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model, options);
        var feeds = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(input.Data, input.Shape)) };
        if (sequenceLengths is not null)
            feeds.Add(NamedOnnxValue.CreateFromTensor("sequence_lens", new DenseTensor<int>(sequenceLengths, [sequenceLengths.Length])));
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(feeds);
        var outputs = new Dictionary<string, OrtTensor>(StringComparer.Ordinal);
        foreach (DisposableNamedOnnxValue result in results)
        {
            Tensor<float> tensor = result.AsTensor<float>();
            outputs[result.Name] = new OrtTensor(tensor.ToArray(), tensor.Dimensions.ToArray());
        }

        return outputs;
    }

    /// <summary>The model's first float input of rank 3 and its static shape (0 for a symbolic dimension).</summary>
    public static (string Name, int[] Shape) SequenceInput(byte[] model)
    {
        using var session = new InferenceSession(model);
        foreach ((string name, NodeMetadata meta) in session.InputMetadata)
        {
            if (meta.ElementType == typeof(float) && meta.Dimensions.Length == 3)
                return (name, [.. meta.Dimensions.Select(d => Math.Max(d, 0))]);
        }

        throw new InvalidOperationException("The model has no float input of rank 3.");
    }
}
