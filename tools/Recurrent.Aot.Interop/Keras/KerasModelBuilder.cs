using System.Globalization;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// Turns a Keras layer chain and its weights into the runtime's model: one stacked recurrent module (PyTorch's
/// num_layers: every layer the same cell, units, activations and bias use, all bidirectional or none) and an
/// optional Dense head. Anything the runtime cannot compute exactly is a <see cref="ModelImportException"/> that
/// names the layer and the reason.
/// </summary>
internal static class KerasModelBuilder
{
    /// <summary>
    /// Checks the chain before any weight is read, so a config the runtime cannot express fails with its reason
    /// rather than with a missing tensor: returns the recurrent layers' positions in the chain and the head's (or -1).
    /// </summary>
    public static (List<int> Stack, int Head) Validate(KerasModelConfig config, string? kerasVersion, string source)
    {
        var stack = new List<int>();
        KerasDenseLayer? head = null;
        int headIndex = -1;
        for (int i = 0; i < config.Layers.Count; i++)
        {
            switch (config.Layers[i])
            {
                case KerasIdentityLayer:
                    break;
                case KerasRecurrentLayer recurrent when head is not null:
                    throw Fail(source, recurrent, $"follows the Dense layer {head.Display}; a Dense layer is imported only as the model's last layer (the head)");
                case KerasRecurrentLayer:
                    stack.Add(i);
                    break;
                case KerasDenseLayer dense when stack.Count == 0:
                    throw Fail(source, dense, "comes before any recurrent layer; the runtime's model starts with its recurrent layers (a Dense layer is imported only as the head)");
                case KerasDenseLayer dense when head is not null:
                    throw Fail(source, dense, $"follows the Dense layer {head.Display}; the runtime's head is a single Dense layer");
                case KerasDenseLayer dense:
                    head = dense;
                    headIndex = i;
                    break;
            }
        }
        if (stack.Count == 0)
        {
            throw new ModelImportException($"{source}: the model has no SimpleRNN, LSTM, GRU or Bidirectional layer to import.");
        }
        var first = (KerasRecurrentLayer)config.Layers[stack[0]];
        for (int k = 0; k < stack.Count; k++)
        {
            CheckLayer((KerasRecurrentLayer)config.Layers[stack[k]], first, isLast: k == stack.Count - 1, source);
        }
        AddActivations(first, Major(kerasVersion), new SortedDictionary<string, string>(StringComparer.Ordinal), source);
        var last = (KerasRecurrentLayer)config.Layers[stack[^1]];
        if (head is not null)
        {
            if (last is { ReturnSequences: false, Bidirectional: true })
            {
                throw Fail(source, head, $"follows {last.Display} with return_sequences=False; Keras feeds it both directions' final states, but the runtime's head reads each step's output (whose reverse half at the last step has seen one step only); set return_sequences=True and take the last step, or import without the head");
            }
            HeadActivation(head, source);
        }
        return (stack, headIndex);
    }

    /// <summary>The converted tensors and metadata of a validated chain with its weights (in chain order).</summary>
    public static KerasImportResult Build(KerasModelConfig config, IReadOnlyList<IReadOnlyList<KerasTensor>> weights, string? kerasVersion, string layout, string source)
    {
        int? major = Major(kerasVersion);
        (List<int> stackIndices, int headIndex) = Validate(config, kerasVersion, source);
        var stack = stackIndices.Select(i => ((KerasRecurrentLayer)config.Layers[i], weights[i])).ToList();
        KerasDenseLayer? head = headIndex < 0 ? null : (KerasDenseLayer)config.Layers[headIndex];
        IReadOnlyList<KerasTensor>? headWeights = headIndex < 0 ? null : weights[headIndex];
        var notes = new List<string>();
        var tensors = new List<KerasImportedTensor>();
        KerasRecurrentLayer first = stack[0].Item1;
        for (int k = 0; k < stack.Count; k++)
        {
            (KerasRecurrentLayer layer, IReadOnlyList<KerasTensor> layerWeights) = stack[k];
            if (layer.Stateful)
            {
                notes.Add($"Keras layer {layer.Display}: stateful=True ignored; the runtime keeps state per stream in the caller's buffer (carry it between calls, reset it with ResetState).");
            }
            int expectedInput = k == 0 ? 0 : stack[k - 1].Item1.OutputSize;
            AddLayerTensors(layer, layerWeights, k, expectedInput, tensors, source);
        }

        KerasRecurrentLayer last = stack[^1].Item1;
        KerasOutput output = (last.GoBackwards, last.ReturnSequences, last.Bidirectional) switch
        {
            (true, true, _) => KerasOutput.ReversedSequence,
            (true, false, _) => KerasOutput.FirstStep,
            (false, true, _) => KerasOutput.Sequence,
            (false, false, true) => KerasOutput.FinalState,
            (false, false, false) => KerasOutput.LastStep,
        };
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [RecurrentMetadataKeys.Module] = KerasImporter.ModulePrefix,
            [RecurrentMetadataKeys.Cell] = first.Kind switch { KerasRecurrentKind.Lstm => "lstm", KerasRecurrentKind.Gru => "gru", _ => "rnn" },
            ["keras.output"] = output switch
            {
                KerasOutput.Sequence => "sequence",
                KerasOutput.LastStep => "last_step",
                KerasOutput.FinalState => "final_state",
                KerasOutput.ReversedSequence => "reversed_sequence",
                _ => "first_step",
            },
            ["keras.layers"] = string.Join(", ", config.Layers.Select(l => $"{l.Name} ({l.ClassName})")),
            ["keras.layout"] = layout,
            [RecurrentMetadataKeys.BatchFirst] = "true", // Keras models take (batch, time, features)
        };
        if (kerasVersion is not null)
        {
            metadata["keras.version"] = kerasVersion;
        }
        if (first.GoBackwards)
        {
            metadata[RecurrentMetadataKeys.Direction] = "reverse";
        }
        AddActivations(first, major, metadata, source);

        if (head is not null)
        {
            AddHead(head, headWeights!, last.OutputSize, tensors, metadata, source);
        }
        return new KerasImportResult(tensors, metadata, notes, output, kerasVersion);
    }

    private static void CheckLayer(KerasRecurrentLayer layer, KerasRecurrentLayer first, bool isLast, string source)
    {
        if (layer.TimeMajor)
        {
            throw Fail(source, layer, "time_major=True; the importer expects Keras's default (batch, time, features) input");
        }
        if (layer.ReturnState)
        {
            throw Fail(source, layer, "return_state=True adds the states as extra outputs; the importer needs a chain with one output");
        }
        if (layer.GoBackwards && !(isLast && ReferenceEquals(layer, first)))
        {
            throw Fail(source, layer, "go_backwards=True in a stack of recurrent layers; the runtime's reverse module runs every layer backwards with outputs aligned to the input steps, which matches Keras only for a single go_backwards layer");
        }
        if (!isLast && !layer.ReturnSequences)
        {
            throw Fail(source, layer, "return_sequences=False but another recurrent layer follows; the layers of a stack must return sequences");
        }
        if (ReferenceEquals(layer, first))
        {
            return;
        }
        string? difference =
            layer.Kind != first.Kind ? $"is a {layer.ClassName} after a {first.ClassName}"
            : layer.Bidirectional != first.Bidirectional ? "differs from the first recurrent layer in being bidirectional"
            : layer.Units != first.Units ? $"has {layer.Units} units, the first recurrent layer {first.Units}"
            : layer.Activation != first.Activation || layer.RecurrentActivation != first.RecurrentActivation ? "uses other activations than the first recurrent layer"
            : layer.UseBias != first.UseBias ? "differs from the first recurrent layer in use_bias"
            : layer.ResetAfter != first.ResetAfter ? "differs from the first recurrent layer in reset_after"
            : null;
        if (difference is not null)
        {
            throw Fail(source, layer, $"{difference}; the runtime stacks equal layers only (PyTorch num_layers: same cell, units, activations and biases)");
        }
    }

    /// <summary>Adds both directions' tensors of stacked layer k.</summary>
    private static void AddLayerTensors(KerasRecurrentLayer layer, IReadOnlyList<KerasTensor> weights, int k, int expectedInput, List<KerasImportedTensor> tensors, string source)
    {
        int perDirection = layer.UseBias ? 3 : 2;
        int directions = layer.Bidirectional ? 2 : 1;
        if (weights.Count != perDirection * directions)
        {
            throw Fail(source, layer, $"has {weights.Count} weights ({string.Join(", ", weights.Select(w => $"{w.Path} {w.ShapeText}"))}); expected {perDirection * directions}: kernel, recurrent_kernel{(layer.UseBias ? ", bias" : "")}{(directions == 2 ? " for each direction" : "")}");
        }
        int gates = layer.GateCount;
        int units = layer.Units;
        int input = expectedInput;
        for (int d = 0; d < directions; d++)
        {
            string suffix = d == 0 ? "" : "_reverse";
            string direction = directions == 1 ? "" : d == 0 ? "forward " : "backward ";
            KerasTensor kernel = weights[d * perDirection];
            KerasTensor recurrentKernel = weights[d * perDirection + 1];
            if (input == 0 && kernel.Shape.Length == 2 && kernel.Shape[0] > 0)
            {
                input = kernel.Shape[0];
            }
            ExpectShape(source, layer, $"{direction}kernel", kernel, input, gates * units);
            ExpectShape(source, layer, $"{direction}recurrent_kernel", recurrentKernel, units, gates * units);
            string prefix = $"{KerasImporter.ModulePrefix}.";
            tensors.Add(new($"{prefix}weight_ih_l{k}{suffix}", KerasGateOrder.TransposeKernel(layer.Kind, kernel.Data, input, gates, units), [gates * units, input]));
            tensors.Add(new($"{prefix}weight_hh_l{k}{suffix}", KerasGateOrder.TransposeKernel(layer.Kind, recurrentKernel.Data, units, gates, units), [gates * units, units]));
            if (!layer.UseBias)
            {
                continue;
            }
            KerasTensor bias = weights[d * perDirection + 2];
            float[] biasIh;
            float[] biasHh;
            if (layer.Kind == KerasRecurrentKind.Gru && layer.ResetAfter)
            {
                // reset_after keeps the input and recurrent biases apart, as PyTorch does: row 0 input, row 1 recurrent.
                ExpectShape(source, layer, $"{direction}bias", bias, 2, gates * units);
                biasIh = KerasGateOrder.ReorderBias(layer.Kind, bias.Data.AsSpan(0, gates * units), gates, units);
                biasHh = KerasGateOrder.ReorderBias(layer.Kind, bias.Data.AsSpan(gates * units), gates, units);
            }
            else
            {
                ExpectShape(source, layer, $"{direction}bias", bias, gates * units);
                biasIh = KerasGateOrder.ReorderBias(layer.Kind, bias.Data, gates, units);
                biasHh = new float[gates * units];
            }
            tensors.Add(new($"{prefix}bias_ih_l{k}{suffix}", biasIh, [gates * units]));
            tensors.Add(new($"{prefix}bias_hh_l{k}{suffix}", biasHh, [gates * units]));
        }
    }

    private static void AddActivations(KerasRecurrentLayer layer, int? major, SortedDictionary<string, string> metadata, string source)
    {
        string where = $"{source}: Keras layer {layer.Display}";
        KerasActivation candidate = KerasActivation.Map(layer.Activation, major, $"{where}, activation");
        if (layer.Kind == KerasRecurrentKind.SimpleRnn)
        {
            if (candidate is { Token: "tanh" or "relu", Alpha: null })
            {
                metadata[RecurrentMetadataKeys.Nonlinearity] = candidate.Token;
            }
            else
            {
                Put(metadata, RecurrentMetadataKeys.CandidateActivation, candidate);
            }
            return;
        }
        KerasActivation gate = KerasActivation.Map(layer.RecurrentActivation!, major, $"{where}, recurrent_activation");
        Put(metadata, RecurrentMetadataKeys.GateActivation, gate);
        Put(metadata, RecurrentMetadataKeys.CandidateActivation, candidate);
        if (layer.Kind == KerasRecurrentKind.Lstm)
        {
            Put(metadata, RecurrentMetadataKeys.CellActivation, candidate); // h = o ⊙ activation(c)
        }
        else
        {
            metadata[RecurrentMetadataKeys.GruReset] = layer.ResetAfter ? "after" : "before";
        }
    }

    private static void Put(SortedDictionary<string, string> metadata, string key, KerasActivation activation)
    {
        metadata[key] = activation.Token;
        if (activation.Alpha is float alpha)
        {
            metadata[$"{key}_alpha"] = alpha.ToString(CultureInfo.InvariantCulture);
        }
        if (activation.Beta is float beta)
        {
            metadata[$"{key}_beta"] = beta.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void AddHead(KerasDenseLayer head, IReadOnlyList<KerasTensor> weights, int inputSize, List<KerasImportedTensor> tensors, SortedDictionary<string, string> metadata, string source)
    {
        string activation = HeadActivation(head, source);
        int expected = head.UseBias ? 2 : 1;
        if (weights.Count != expected)
        {
            throw Fail(source, head, $"has {weights.Count} weights; expected {expected} (kernel{(head.UseBias ? ", bias" : "")})");
        }
        ExpectShape(source, head, "kernel", weights[0], inputSize, head.Units);
        string prefix = KerasImporter.HeadPrefix;
        tensors.Add(new($"{prefix}.weight", KerasGateOrder.Transpose(weights[0].Data, inputSize, head.Units), [head.Units, inputSize]));
        if (head.UseBias)
        {
            ExpectShape(source, head, "bias", weights[1], head.Units);
            tensors.Add(new($"{prefix}.bias", (float[])weights[1].Data.Clone(), [head.Units]));
        }
        metadata[RecurrentMetadataKeys.Head] = prefix;
        metadata[RecurrentMetadataKeys.HeadActivation] = activation;
    }

    private static string HeadActivation(KerasDenseLayer head, string source) => head.Activation switch
    {
        "linear" => "none",
        "sigmoid" => "sigmoid",
        "softmax" => "softmax",
        _ => throw Fail(source, head, $"has activation '{head.Activation}'; the runtime's head applies linear (none), sigmoid or softmax"),
    };

    private static void ExpectShape(string source, KerasLayer layer, string what, KerasTensor tensor, params int[] shape)
    {
        if (!tensor.Shape.AsSpan().SequenceEqual(shape))
        {
            string units = layer switch
            {
                KerasRecurrentLayer r => $" (units {r.Units})",
                KerasDenseLayer d => $" (units {d.Units})",
                _ => "",
            };
            throw Fail(source, layer, $"{what} '{tensor.Path}' has shape {tensor.ShapeText}, expected ({string.Join(", ", shape)}){units}");
        }
    }

    private static ModelImportException Fail(string source, KerasLayer layer, string why)
        => new($"{source}: Keras layer {layer.Display} {why}.");

    private static int? Major(string? version)
    {
        if (version is null)
        {
            return null;
        }
        int dot = version.IndexOf('.', StringComparison.Ordinal);
        return int.TryParse(dot < 0 ? version : version[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int major) ? major : null;
    }
}
