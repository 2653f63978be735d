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

        // A state file not given is PyTorch's zero state for that part.
        float[] h0 = request.InitialHidden is { } h0Path
            ? ReadState(h0Path, "--h0", hiddenShape, "hidden_out")
            : new float[slots * input.Batch * hiddenSize];
        float[] c0 = request.InitialCell is { } c0Path
            ? ReadState(c0Path, "--c0", cellShape, "hidden")
            : new float[slots * input.Batch * cellSize];
        var states = new float[input.Batch * model.StateSize];
        model.ImportPyTorchState(h0, c0, input.Batch, states);

        var outputs = new float[input.Steps * input.Batch * model.OutputSize];
        int[] lengths = Enumerable.Repeat(input.Steps, input.Batch).ToArray();
        ModelWorkspace workspace = model.CreateWorkspace(input.Steps, input.Batch);
        model.RunBatch(input.Data, input.Batch, lengths, states, outputs, workspace);

        int[] outputShape = input.ResultShape(model.OutputSize);
        Npy.Write(request.OutputPath, input.ToUserLayout(outputs, model.OutputSize), outputShape);
        float[] hN = new float[h0.Length], cN = new float[c0.Length];
        model.ExportPyTorchState(states, input.Batch, hN, cN);
        if (request.FinalHidden is { } hnPath)
        {
            Npy.Write(hnPath, hN, hiddenShape);
        }

        if (request.FinalCell is { } cnPath)
        {
            Npy.Write(cnPath, cN, cellShape);
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{ModelDescription.Short(model.Spec)}: {input.Steps} steps x {input.Batch} stream{(input.Batch == 1 ? "" : "s")} " +
            $"-> {request.OutputPath} {ShapeText.Format(outputShape)} in {clock.Elapsed.TotalMilliseconds:F1} ms");
    }

    private static float[] ReadState(string path, string option, int[] expectedShape, string lastDimension)
    {
        NpyArray state = Npy.Read(path);
        if (!state.Shape.AsSpan().SequenceEqual(expectedShape))
        {
            string meaning = expectedShape.Length == 3 ? $"(layers*directions, batch, {lastDimension})" : $"(layers*directions, {lastDimension})";
            throw new CliInputException(
                $"{option} {path} has shape {ShapeText.Format(state.Shape)}; expected {ShapeText.Format(expectedShape)} {meaning}.");
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
