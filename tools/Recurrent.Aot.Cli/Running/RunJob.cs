using System.Diagnostics;
using System.Globalization;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Running;

/// <summary>Loads the model and the input, runs every sequence, writes the results and returns a summary line.</summary>
internal static class RunJob
{
    public static string Execute(RunRequest request)
    {
        var clock = Stopwatch.StartNew();
        SafeTensorsFile file = SafeTensorsFile.Load(request.ModelPath);
        string module = ModuleCatalog.Choose(file, request.Module, request.ModelPath).Prefix;
        RecurrentModel model = ModelLoader.Load(file, request.ModelPath, module, request.Cell, request.Nonlinearity);
        int slots = model.Spec.Layers * model.Spec.Directions;
        int hiddenSize = model.Spec.Cell.OutputSize;
        int cellSize = model.Spec.Cell.CellStateSize;
        if (cellSize == 0)
        {
            RefuseCellStateOption(request.InitialCell, "--c0", model.Spec);
            RefuseCellStateOption(request.FinalCell, "--cn", model.Spec);
        }

        SequenceBatch input = SequenceBatch.FromNpy(
            Npy.Read(request.InputPath), request.BatchFirst, model.InputSize, request.InputPath, BatchFirstHint(file, request));
        int[] hiddenShape = input.StateShape(slots, hiddenSize);
        int[] cellShape = input.StateShape(slots, cellSize);

        // A state file not given is the model's initial state for that part: the learned initial_h/initial_c
        // the file holds (the state it was trained from), else zeros as in PyTorch.
        var states = new float[input.Batch * model.StateSize];
        model.ResetStates(states);
        float[] h0 = new float[slots * input.Batch * hiddenSize];
        float[] c0 = new float[slots * input.Batch * cellSize];
        model.ExportPyTorchState(states, input.Batch, h0, c0);
        bool cellShaped = false;
        if (request.InitialHidden is { } h0Path)
        {
            h0 = ReadState(h0Path, "--h0", hiddenShape, "hidden_out", model.Spec, out cellShaped);
        }

        if (request.InitialCell is { } c0Path)
        {
            c0 = ReadState(c0Path, "--c0", cellShape, "hidden", model.Spec, out bool cellShapedC0);
            cellShaped |= cellShapedC0;
        }

        model.ImportPyTorchState(h0, c0, input.Batch, states);

        var outputs = new float[input.Steps * input.Batch * model.OutputSize];
        int[] lengths = Enumerable.Repeat(input.Steps, input.Batch).ToArray();
        ModelWorkspace workspace = model.CreateWorkspace(input.Steps, input.Batch);
        model.RunBatch(input.Data, input.Batch, lengths, states, outputs, workspace);

        int[] outputShape = input.ResultShape(model.OutputSize);
        Npy.Write(request.OutputPath, input.ToUserLayout(outputs, model.OutputSize), outputShape);
        float[] hN = new float[h0.Length], cN = new float[c0.Length];
        model.ExportPyTorchState(states, input.Batch, hN, cN);
        // The final state in the shape the initial one came in: nn.LSTMCell's (batch, size) stays (batch, size).
        if (request.FinalHidden is { } hnPath)
        {
            Npy.Write(hnPath, hN, cellShaped ? hiddenShape[1..] : hiddenShape);
        }

        if (request.FinalCell is { } cnPath)
        {
            Npy.Write(cnPath, cN, cellShaped ? cellShape[1..] : cellShape);
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{ModelDescription.Short(model.Spec)}: {input.Steps} steps x {input.Batch} stream{(input.Batch == 1 ? "" : "s")} " +
            $"-> {request.OutputPath} {ShapeText.Format(outputShape)} in {clock.Elapsed.TotalMilliseconds:F1} ms");
    }

    /// <summary>
    /// Reads a state file shaped as nn.LSTM/nn.GRU/nn.RNN take it, (layers*directions, batch, size), or, for a model of
    /// one layer and direction, as nn.LSTMCell/nn.GRUCell/nn.RNNCell take it, (batch, size) (<paramref name="cellShaped"/>).
    /// </summary>
    private static float[] ReadState(string path, string option, int[] expectedShape, string lastDimension, ModelSpec spec, out bool cellShaped)
    {
        NpyArray state = Npy.Read(path);
        int slots = spec.Layers * spec.Directions;
        bool singleCellShape = state.Shape.AsSpan().SequenceEqual(expectedShape.AsSpan(1));
        cellShaped = slots == 1 && singleCellShape;
        if (!cellShaped && !state.Shape.AsSpan().SequenceEqual(expectedShape))
        {
            bool batched = expectedShape.Length == 3;
            string meaning = batched ? $"(layers*directions, batch, {lastDimension})" : $"(layers*directions, {lastDimension})";
            string cellMeaning = batched ? $"(batch, {lastDimension})" : $"({lastDimension})";
            string cellForm = slots == 1
                ? $" or {ShapeText.Format(expectedShape[1..])} {cellMeaning} as for a single cell"
                : singleCellShape
                    ? $"; the single-cell form {cellMeaning} is only for a model of one layer and one direction, " +
                      $"and this one has {spec.Layers} layer{(spec.Layers == 1 ? "" : "s")} and {spec.Directions} direction{(spec.Directions == 1 ? "" : "s")}"
                    : "";
            throw new CliInputException(
                $"{option} {path} has shape {ShapeText.Format(state.Shape)}; expected {ShapeText.Format(expectedShape)} {meaning}{cellForm}.");
        }

        return state.Data;
    }

    private static void RefuseCellStateOption(string? value, string option, ModelSpec spec)
    {
        if (value is not null)
        {
            throw new CliInputException($"{option} is for LSTM models only; this model is {ModelDescription.KindName(spec.Cell.Kind)}.");
        }
    }

    private static string? BatchFirstHint(SafeTensorsFile file, RunRequest request) =>
        !request.BatchFirst && file.Metadata.TryGetValue(RecurrentMetadataKeys.BatchFirst, out string? value) && value == "true"
            ? " The model was trained batch-first (recurrent.batch_first): is the input (batch, seq, features)? Then pass --batch-first."
            : null;
}
