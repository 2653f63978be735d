using Recurrent.Aot.IO;

namespace Recurrent.Aot.Loading;

/// <summary>
/// Infers a model's architecture from PyTorch tensor names and shapes plus metadata and options
/// (docs/file-format.md), and reads its weights. Every inconsistency is a <see cref="WeightsFormatException"/>
/// naming the tensor, the expected and the actual shape.
/// </summary>
internal sealed class ModelReader
{
    private readonly SafeTensorsFile _file;
    private readonly ModelLoadOptions _options;
    private readonly MetadataReader _metadata;

    public ModelReader(SafeTensorsFile file, ModelLoadOptions? options)
    {
        _file = file;
        _options = options ?? new ModelLoadOptions();
        _metadata = new MetadataReader(file.Metadata);
    }

    public (ModelSpec Spec, CellWeights[] Weights, HeadWeights? Head) Read()
    {
        RecurrentModuleInfo module = RecurrentModules.Choose(_file, _options.Module);

        int layers = module.IsCell ? 1 : CountLayers(module.Prefix);
        bool bidirectional = !module.IsCell && _file.TryGetTensor($"{module.Prefix}weight_ih_l0_reverse", out _);
        int directions = bidirectional ? 2 : 1;

        CellShape first = ReadShape(module, 0, 0);
        CellKind kind = ResolveKind(first);
        var weights = new CellWeights[layers * directions];
        for (int layer = 0; layer < layers; layer++)
        {
            for (int direction = 0; direction < directions; direction++)
            {
                CellShape shape = layer == 0 && direction == 0 ? first : ReadShape(module, layer, direction);
                CheckConsistent(first, shape, layer == 0 ? first.InputSize : directions * first.OutputSize);
                weights[layer * directions + direction] = shape.ReadWeights(_file);
            }
        }

        CellSpec cell = BuildCellSpec(kind, first);
        (HeadSpec? headSpec, HeadWeights? head) = ReadHead(directions * first.OutputSize);
        var spec = new ModelSpec { Cell = cell, Layers = layers, Bidirectional = bidirectional, Head = headSpec };
        return (spec, weights, head);
    }

    private int CountLayers(string prefix)
    {
        int layers = 0;
        while (_file.TryGetTensor($"{prefix}weight_ih_l{layers}", out _))
            layers++;
        foreach (TensorInfo tensor in _file.Tensors)
        {
            // A layer index past the first gap means a missing layer, not a smaller model.
            if (tensor.Name.StartsWith($"{prefix}weight_ih_l", StringComparison.Ordinal)
                && int.TryParse(tensor.Name.AsSpan($"{prefix}weight_ih_l".Length).TrimEnd("_reverse"), out int k) && k >= layers)
                throw new WeightsFormatException($"Tensor {tensor.Name} is present but {prefix}weight_ih_l{layers} is missing: layers must be numbered 0, 1, 2, ... without gaps.");
        }

        return layers;
    }

    private CellShape ReadShape(RecurrentModuleInfo module, int layer, int direction)
    {
        string suffix = module.IsCell ? "" : $"_l{layer}{(direction == 1 ? "_reverse" : "")}";
        return CellShape.Read(_file, module.Prefix, suffix);
    }

    private CellKind ResolveKind(CellShape shape)
    {
        CellKind? inferred = shape.GateCount switch { 4 => CellKind.Lstm, 3 => CellKind.Gru, 1 => CellKind.Rnn, _ => null };
        if (inferred is null)
            throw new WeightsFormatException($"{shape.Name("weight_ih")} has {shape.Rows} rows for hidden size {shape.HiddenSize}: expected 4·H (LSTM), 3·H (GRU) or H (RNN) rows.");
        CellKind? declared = _options.Cell ?? _metadata.CellKind(RecurrentMetadataKeys.Cell);
        if (declared is CellKind wanted && wanted != inferred)
        {
            string source = _options.Cell is not null ? "the load options say" : $"metadata {RecurrentMetadataKeys.Cell} says";
            throw new WeightsFormatException($"{source} {wanted} but {shape.Name("weight_ih")} has {shape.Rows} rows for hidden size {shape.HiddenSize}, which is {inferred} ({CellSpec.GateCountOf(wanted)}·H = {CellSpec.GateCountOf(wanted) * shape.HiddenSize} rows expected for {wanted}).");
        }

        if (shape.ProjSize > 0 && inferred != CellKind.Lstm)
            throw new WeightsFormatException($"{shape.Name("weight_hr")} is a projection, which only LSTM cells have, but the shapes say {inferred}.");
        if (shape.HasPeepholes && inferred != CellKind.Lstm)
            throw new WeightsFormatException($"{shape.Name("weight_ph")} holds peepholes, which only LSTM cells have, but the shapes say {inferred}.");
        return inferred.Value;
    }

    private static void CheckConsistent(CellShape first, CellShape shape, int expectedInput)
    {
        if (shape.InputSize != expectedInput)
            throw new WeightsFormatException($"{shape.Name("weight_ih")} has {shape.InputSize} columns: expected {expectedInput} (the previous layer's directions × output size).");
        if (shape.Rows != first.Rows || shape.HiddenSize != first.HiddenSize || shape.ProjSize != first.ProjSize)
            throw new WeightsFormatException($"{shape.Name("weight_ih")} describes {shape.Rows} gate rows, hidden size {shape.HiddenSize}, projection {shape.ProjSize}, but {first.Name("weight_ih")} has {first.Rows}, {first.HiddenSize}, {first.ProjSize}: every layer and direction must match.");
        if (shape.HasBias != first.HasBias)
            throw new WeightsFormatException($"{shape.Name("bias_ih")} is {(shape.HasBias ? "present" : "missing")} but {first.Name("bias_ih")} is {(first.HasBias ? "present" : "missing")}: every layer must agree on biases.");
        if (shape.HasPeepholes != first.HasPeepholes)
            throw new WeightsFormatException($"{shape.Name("weight_ph")} is {(shape.HasPeepholes ? "present" : "missing")} but {first.Name("weight_ph")} is {(first.HasPeepholes ? "present" : "missing")}: every layer must agree on peepholes.");
    }

    private CellSpec BuildCellSpec(CellKind kind, CellShape shape)
    {
        Activation? nonlinearity = _options.Nonlinearity ?? _metadata.RnnNonlinearity(RecurrentMetadataKeys.Nonlinearity);
        if (nonlinearity is Activation n && n is not (Activation.Tanh or Activation.Relu))
            throw new WeightsFormatException($"The RNN nonlinearity must be tanh or relu, got {n}.");
        Activation candidate = kind == CellKind.Rnn
            ? nonlinearity ?? _options.CandidateActivation ?? _metadata.Activation(RecurrentMetadataKeys.CandidateActivation) ?? Activation.Tanh
            : _options.CandidateActivation ?? _metadata.Activation(RecurrentMetadataKeys.CandidateActivation) ?? Activation.Tanh;
        bool inputForget = _options.InputForget ?? _metadata.Boolean(RecurrentMetadataKeys.InputForget) ?? false;
        if (inputForget && kind != CellKind.Lstm)
            throw new WeightsFormatException($"input_forget applies to LSTM cells only; this module is {kind}.");
        return new CellSpec
        {
            Kind = kind,
            InputSize = shape.InputSize,
            HiddenSize = shape.HiddenSize,
            ProjSize = shape.ProjSize,
            HasBias = shape.HasBias,
            Peepholes = shape.HasPeepholes,
            GateActivation = _options.GateActivation ?? _metadata.Activation(RecurrentMetadataKeys.GateActivation) ?? Activation.Sigmoid,
            CandidateActivation = candidate,
            CellActivation = _options.CellActivation ?? _metadata.Activation(RecurrentMetadataKeys.CellActivation) ?? Activation.Tanh,
            GruReset = _options.GruReset ?? _metadata.Reset(RecurrentMetadataKeys.GruReset) ?? GruResetMode.AfterMatmul,
            Clip = _options.Clip ?? _metadata.PositiveNumber(RecurrentMetadataKeys.Clip),
            InputForget = inputForget,
        };
    }

    private (HeadSpec?, HeadWeights?) ReadHead(int features)
    {
        string? name = _options.Head ?? _metadata.String(RecurrentMetadataKeys.Head);
        if (string.IsNullOrEmpty(name))
            return (null, null);
        string prefix = name.EndsWith('.') ? name : name + ".";
        string weightName = prefix + "weight";
        if (!_file.TryGetTensor(weightName, out TensorInfo? weight))
            throw new WeightsFormatException($"The head '{name}' has no tensor {weightName}: expected shape (outputs, {features}).");
        if (weight.Shape.Length != 2 || weight.Shape[1] != features)
            throw new WeightsFormatException($"{weightName} has shape ({string.Join(", ", weight.Shape)}): expected (outputs, {features}) to follow the recurrent layers.");
        int outputs = weight.Shape[0];
        float[]? bias = null;
        if (_file.TryGetTensor(prefix + "bias", out TensorInfo? biasInfo))
        {
            if (biasInfo.Shape.Length != 1 || biasInfo.Shape[0] != outputs)
                throw new WeightsFormatException($"{prefix}bias has shape ({string.Join(", ", biasInfo.Shape)}): expected ({outputs}).");
            bias = _file.ReadFloat32(prefix + "bias");
        }

        HeadActivation activation = _options.HeadActivation ?? _metadata.HeadActivationValue(RecurrentMetadataKeys.HeadActivation) ?? HeadActivation.None;
        var spec = new HeadSpec { OutputSize = outputs, HasBias = bias is not null, Activation = activation };
        return (spec, new HeadWeights { Weight = _file.ReadFloat32(weightName), Bias = bias });
    }
}
