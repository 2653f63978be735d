using System.Text.Json;

namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// Reads a Keras model config (Keras 2 <c>model_config</c>/<c>to_json()</c>, Keras 3 <c>config.json</c>) into the
/// chain of layers. Sequential models are a chain by construction; a functional model must be one too: every
/// layer takes exactly one tensor, the previous layer's output.
/// </summary>
internal static class KerasConfigReader
{
    private const string Supported = "SimpleRNN, LSTM, GRU, Bidirectional, Dense, Dropout and InputLayer";

    public static KerasModelConfig Read(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new ModelImportException($"{source}: the model config is not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            string where = $"{source}: model config";
            string modelClass = KerasJson.Text(root, "class_name")
                ?? throw new ModelImportException($"{where}: no 'class_name' (expected a Keras model config with class_name Sequential or Functional).");
            string? version = KerasJson.Text(root, "keras_version");
            JsonElement? config = KerasJson.Property(root, "config");
            if (config is null)
            {
                throw new ModelImportException($"{where}: the {modelClass} model has no 'config'.");
            }
            List<KerasLayer> layers = modelClass switch
            {
                "Sequential" => ReadSequential(config.Value, where),
                "Functional" or "Model" => ReadFunctional(config.Value, where),
                _ => throw new ModelImportException($"{where}: the model class is {modelClass}; expected Sequential or Functional (a subclassed model has no config to import: rebuild it as a Sequential or functional model)."),
            };
            if (layers.Count == 0)
            {
                throw new ModelImportException($"{where}: the model has no layers besides its input.");
            }
            return new KerasModelConfig(modelClass, layers, version);
        }
    }

    private static List<KerasLayer> ReadSequential(JsonElement config, string where)
    {
        // Keras 2.2 wrote the layer list as the config itself; later versions nest it under "layers".
        JsonElement list = config.ValueKind == JsonValueKind.Array ? config : KerasJson.RequiredArray(config, "layers", where);
        var layers = new List<KerasLayer>();
        foreach (JsonElement entry in list.EnumerateArray())
        {
            if (ReadLayer(entry, where) is { } layer)
            {
                layers.Add(layer);
            }
        }
        return layers;
    }

    private static List<KerasLayer> ReadFunctional(JsonElement config, string where)
    {
        JsonElement list = KerasJson.RequiredArray(config, "layers", where);
        CheckSingle(config, "input_layers", where);
        CheckSingle(config, "output_layers", where);
        var layers = new List<KerasLayer>();
        string? previous = null;
        foreach (JsonElement entry in list.EnumerateArray())
        {
            string name = KerasJson.Text(entry, "name") ?? KerasJson.Text(KerasJson.Property(entry, "config") ?? default, "name")
                ?? throw new ModelImportException($"{where}: a layer of the functional model has no name.");
            List<string> inputs = FunctionalInputs(entry, name, where);
            if (previous is null)
            {
                if (inputs.Count != 0)
                {
                    throw new ModelImportException($"{where}: layer '{name}' comes first but takes inputs ({string.Join(", ", inputs)}); expected the model's InputLayer first.");
                }
            }
            else if (inputs.Count != 1 || inputs[0] != previous)
            {
                throw new ModelImportException($"{where}: layer '{name}' takes [{string.Join(", ", inputs)}]; the importer needs a straight chain where every layer takes only the previous layer '{previous}'.");
            }
            previous = name;
            if (ReadLayer(entry, where) is { } layer)
            {
                layers.Add(layer);
            }
        }
        return layers;
    }

    private static void CheckSingle(JsonElement config, string name, string where)
    {
        if (KerasJson.Property(config, name) is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 1
            && list[0].ValueKind == JsonValueKind.Array)
        {
            throw new ModelImportException($"{where}: the model has {list.GetArrayLength()} {name.Replace('_', ' ')}; expected one (a straight chain).");
        }
    }

    /// <summary>The layer names a functional layer's inbound nodes refer to, in both Keras 2 and Keras 3 form.</summary>
    private static List<string> FunctionalInputs(JsonElement entry, string name, string where)
    {
        var inputs = new List<string>();
        if (KerasJson.Property(entry, "inbound_nodes") is not { ValueKind: JsonValueKind.Array } nodes)
        {
            return inputs;
        }
        if (nodes.GetArrayLength() > 1)
        {
            throw new ModelImportException($"{where}: layer '{name}' is called {nodes.GetArrayLength()} times (shared layer); the importer needs a straight chain.");
        }
        foreach (JsonElement node in nodes.EnumerateArray())
        {
            CollectInputs(node, inputs, depth: 0);
        }
        return inputs;
    }

    private static void CollectInputs(JsonElement node, List<string> inputs, int depth)
    {
        if (depth > 32)
        {
            return;
        }
        switch (node.ValueKind)
        {
            // Keras 2: [layer_name, node_index, tensor_index, kwargs].
            case JsonValueKind.Array when node.GetArrayLength() >= 3 && node[0].ValueKind == JsonValueKind.String && node[1].ValueKind == JsonValueKind.Number:
                inputs.Add(node[0].GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in node.EnumerateArray())
                {
                    CollectInputs(item, inputs, depth + 1);
                }
                break;
            // Keras 3: {"class_name": "__keras_tensor__", "config": {"keras_history": [layer_name, node, tensor]}}.
            case JsonValueKind.Object when KerasJson.Property(node, "config") is { } config
                && KerasJson.Property(config, "keras_history") is { ValueKind: JsonValueKind.Array } history
                && history.GetArrayLength() > 0 && history[0].ValueKind == JsonValueKind.String:
                inputs.Add(history[0].GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in node.EnumerateObject())
                {
                    CollectInputs(property.Value, inputs, depth + 1);
                }
                break;
        }
    }

    /// <summary>One layer entry; null for InputLayer, which carries no weights.</summary>
    private static KerasLayer? ReadLayer(JsonElement entry, string where)
    {
        string className = KerasJson.Text(entry, "class_name")
            ?? throw new ModelImportException($"{where}: a layer entry has no class_name.");
        JsonElement config = KerasJson.Property(entry, "config") is { ValueKind: JsonValueKind.Object } c
            ? c
            : throw new ModelImportException($"{where}: layer of class {className} has no config object.");
        string name = KerasJson.Text(config, "name") ?? KerasJson.Text(entry, "name") ?? className.ToLowerInvariant();
        string layerWhere = $"{where}: Keras layer '{name}' ({className})";
        switch (className)
        {
            case "InputLayer":
                return null;
            case "SimpleRNN" or "LSTM" or "GRU":
                return ReadRecurrent(className, name, config, layerWhere);
            case "Bidirectional":
                return ReadBidirectional(name, config, layerWhere);
            case "Dense":
                return new KerasDenseLayer(name, className)
                {
                    Units = KerasJson.PositiveInt(config, "units", layerWhere),
                    Activation = KerasJson.Activation(config, "activation", layerWhere) ?? "linear",
                    UseBias = KerasJson.Bool(config, "use_bias", true, layerWhere),
                };
            case "Dropout":
                return new KerasIdentityLayer(name, className);
            case "Sequential" or "Functional" or "Model":
                throw new ModelImportException($"{layerWhere}: a nested model; the importer needs one flat chain of layers ({Supported}).");
            default:
                throw new ModelImportException($"{layerWhere}: this layer class is not supported; the importer maps {Supported}.");
        }
    }

    private static KerasRecurrentLayer ReadRecurrent(string className, string name, JsonElement config, string where)
    {
        KerasRecurrentKind kind = className switch
        {
            "LSTM" => KerasRecurrentKind.Lstm,
            "GRU" => KerasRecurrentKind.Gru,
            _ => KerasRecurrentKind.SimpleRnn,
        };
        return new KerasRecurrentLayer(name, className)
        {
            Kind = kind,
            Units = KerasJson.PositiveInt(config, "units", where),
            Activation = KerasJson.Activation(config, "activation", where) ?? "tanh",
            RecurrentActivation = kind == KerasRecurrentKind.SimpleRnn ? null : KerasJson.Activation(config, "recurrent_activation", where) ?? "sigmoid",
            UseBias = KerasJson.Bool(config, "use_bias", true, where),
            ReturnSequences = KerasJson.Bool(config, "return_sequences", false, where),
            GoBackwards = KerasJson.Bool(config, "go_backwards", false, where),
            // Absent only in configs older than TensorFlow 2, whose default was the original GRU.
            ResetAfter = kind == KerasRecurrentKind.Gru && KerasJson.Bool(config, "reset_after", false, where),
            Stateful = KerasJson.Bool(config, "stateful", false, where),
            ReturnState = KerasJson.Bool(config, "return_state", false, where),
            TimeMajor = KerasJson.Bool(config, "time_major", false, where),
        };
    }

    private static KerasRecurrentLayer ReadBidirectional(string name, JsonElement config, string where)
    {
        string? mergeMode = KerasJson.Property(config, "merge_mode") is null ? null : KerasJson.Text(config, "merge_mode");
        if (mergeMode != "concat")
        {
            throw new ModelImportException($"{where}: merge_mode is {(mergeMode is null ? "None" : $"'{mergeMode}'")}; the runtime concatenates [forward, backward] outputs, so only merge_mode 'concat' can be imported.");
        }
        JsonElement inner = KerasJson.RequiredObject(config, "layer", where);
        string innerClass = KerasJson.Text(inner, "class_name") ?? "?";
        if (innerClass is not ("SimpleRNN" or "LSTM" or "GRU"))
        {
            throw new ModelImportException($"{where}: wraps a {innerClass}; expected SimpleRNN, LSTM or GRU.");
        }
        KerasRecurrentLayer forward = ReadRecurrent(innerClass, name, KerasJson.RequiredObject(inner, "config", where), $"{where}, forward {innerClass}");
        if (forward.GoBackwards)
        {
            throw new ModelImportException($"{where}: the wrapped {innerClass} has go_backwards=True, which swaps the two directions; expected go_backwards=False inside Bidirectional.");
        }
        if (KerasJson.Property(config, "backward_layer") is { ValueKind: JsonValueKind.Object } backwardEntry)
        {
            string backwardClass = KerasJson.Text(backwardEntry, "class_name") ?? "?";
            KerasRecurrentLayer? backward = backwardClass == innerClass
                ? ReadRecurrent(backwardClass, name, KerasJson.RequiredObject(backwardEntry, "config", where), $"{where}, backward {backwardClass}")
                : null;
            if (backward is null || backward.Units != forward.Units || backward.Activation != forward.Activation
                || backward.RecurrentActivation != forward.RecurrentActivation || backward.UseBias != forward.UseBias
                || backward.ResetAfter != forward.ResetAfter || backward.ReturnSequences != forward.ReturnSequences || !backward.GoBackwards)
            {
                throw new ModelImportException($"{where}: its backward_layer ({backwardClass}) is not the forward {innerClass} with go_backwards=True; the runtime's reverse direction is the same cell type and configuration run backwards.");
            }
        }
        return forward with { ClassName = $"Bidirectional({innerClass})", Bidirectional = true };
    }
}
