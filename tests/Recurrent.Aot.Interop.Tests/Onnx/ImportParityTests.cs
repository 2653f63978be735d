using Recurrent.Aot.Interop.Onnx;
using Recurrent.Aot.Interop.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop.Tests.Onnx;

/// <summary>
/// Every importable ONNX fixture, imported and run by the runtime (RecurrentModel.RunBatch), against ONNX Runtime
/// running the original graph on the same input: outputs and final states within 1e-5.
/// </summary>
public sealed class ImportParityTests
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<string> Cases() => Fixtures.Importable();

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_imported_model_matches_onnx_runtime(string name)
    {
        ImportedModel imported = OnnxImporter.Import(Fixtures.Bytes(name), name);
        byte[] onnx = BatchwiseLayout.AsSequenceMajor(Fixtures.Bytes(name));
        RecurrentModel model = Load(imported);
        (string inputName, int[] shape) = Ort.SequenceInput(onnx);
        bool batchFirst = imported.BatchFirst;
        int seq = Dim(batchFirst ? shape[1] : shape[0], 5), batch = Dim(batchFirst ? shape[0] : shape[1], 2), features = model.InputSize;
        float[] input = Fixtures.Random(new Random(name.Length * 31 + 7), seq * batch * features, 1.5f);
        float[] ortInput = batchFirst ? Layouts.SwapFirstTwo(input, seq, batch, features) : input;
        bool withLengths = name.Contains("sequence_lens", StringComparison.Ordinal);
        int[] lengths = [.. Enumerable.Range(0, batch).Select(s => withLengths ? seq - 2 * s : seq)];

        Dictionary<string, OrtTensor> expected = Ort.Run(onnx, inputName, new OrtTensor(ortInput, batchFirst ? [batch, seq, features] : [seq, batch, features]), withLengths ? lengths : null);

        float[] states = new float[batch * model.StateSize];
        model.ResetStates(states);
        float[] outputs = new float[seq * batch * model.OutputSize];
        model.RunBatch(input, batch, lengths, states, outputs, model.CreateWorkspace(seq, batch));
        int slots = model.Spec.Layers * model.Spec.Directions;
        float[] hN = new float[slots * batch * model.Spec.Cell.OutputSize];
        float[] cN = new float[model.Spec.Cell.Kind == CellKind.Lstm ? slots * batch * model.Spec.Cell.HiddenSize : 0];
        model.ExportPyTorchState(states, batch, hN, cN);

        int compared = 0;
        foreach ((string output, OrtTensor tensor) in expected)
        {
            switch (output)
            {
                case "Y":
                    Fixtures.Close(Layouts.FromOnnxY(tensor, batchFirst), outputs, $"{name} Y", Tolerance);
                    break;
                case "Y_h" or "Y_c":
                    float[] state = batchFirst ? Layouts.SwapFirstTwo(tensor.Data, tensor.Shape[0], tensor.Shape[1], tensor.Shape[2]) : tensor.Data;
                    Fixtures.Close(state, output == "Y_h" ? hN : cN, $"{name} {output}", Tolerance);
                    break;
                case "h_n" or "c_n":
                    Fixtures.Close(tensor.Data, output == "h_n" ? hN : cN, $"{name} {output}", Tolerance);
                    break;
                default:
                    float[] sequence = batchFirst ? Layouts.SwapFirstTwo(tensor.Data, batch, seq, tensor.Shape[2]) : tensor.Data;
                    Fixtures.Close(sequence, outputs, $"{name} {output}", Tolerance);
                    break;
            }

            compared++;
        }

        Assert.True(compared > 0, $"{name}: ONNX Runtime returned no outputs to compare.");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_imported_file_documents_itself_and_loads_unchanged(string name)
    {
        ImportedModel imported = OnnxImporter.Import(Fixtures.Bytes(name), name);
        SafeTensorsFile file = Parse(imported);
        Assert.Equal("onnx", file.Metadata["import.format"]);
        Assert.Equal(imported.Module, file.Metadata[RecurrentMetadataKeys.Module]);
        Assert.Equal(ImportedModel.Normalized(imported.Spec), RecurrentModel.FromSafeTensors(file).Spec);
        if (imported.Spec.Cell.Kind != CellKind.Rnn)
            Assert.True(file.Metadata.ContainsKey(RecurrentMetadataKeys.GateActivation));
    }

    [Fact]
    public void What_the_hand_built_graphs_say_arrives_in_the_spec()
    {
        CellSpec Cell(string name) => OnnxImporter.Import(Fixtures.Bytes(name), name).Spec.Cell;
        Assert.Equal(GruResetMode.BeforeMatmul, Cell("hand_gru_before_reset").GruReset);
        Assert.Equal(GruResetMode.AfterMatmul, Cell("torch_gru_stacked").GruReset);
        Assert.True(Cell("hand_lstm_peepholes_clip").Peepholes);
        Assert.Equal(0.8f, Cell("hand_lstm_peepholes_clip").Clip);
        Assert.True(Cell("hand_lstm_input_forget").InputForget);
        CellSpec activations = Cell("hand_lstm_activations");
        Assert.Equal((Activation.HardSigmoid, 1f / 6, 0.5f), (activations.GateActivation, activations.GateParameters.Alpha, activations.GateParameters.Beta));
        Assert.Equal((Activation.LeakyRelu, 0.1f), (activations.CandidateActivation, activations.CandidateParameters.Alpha));
        Assert.Equal(new ActivationParameters(0.9f, 1.3f), activations.CellParameters);
        Assert.True(OnnxImporter.Import(Fixtures.Bytes("hand_rnn_reverse_layout1"), "x").Spec.Reverse);
        Assert.True(OnnxImporter.Import(Fixtures.Bytes("hand_rnn_reverse_layout1"), "x").BatchFirst);
        Assert.True(OnnxImporter.Import(Fixtures.Bytes("torch_lstm_batch_first_head"), "x").BatchFirst);
        Assert.NotNull(OnnxImporter.Import(Fixtures.Bytes("hand_lstm_initial_state"), "x").Cells[0].InitialHidden);
        Assert.Null(OnnxImporter.Import(Fixtures.Bytes("torch_lstm"), "x").Cells[0].InitialHidden);   // torch's zeros are no learned state
        Assert.Equal(HeadActivation.Softmax, OnnxImporter.Import(Fixtures.Bytes("torch_lstm_batch_first_head"), "x").Spec.Head!.Activation);
    }

    internal static RecurrentModel Load(ImportedModel imported) => RecurrentModel.FromSafeTensors(Parse(imported));

    internal static SafeTensorsFile Parse(ImportedModel imported)
    {
        using var stream = new MemoryStream();
        imported.ToSafeTensors().WriteTo(stream);
        return SafeTensorsFile.Parse(stream.ToArray());
    }

    private static int Dim(int value, int fallback) => value > 0 ? value : fallback;
}
