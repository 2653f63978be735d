using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Parity;

/// <summary>
/// PyTorch's own h0/c0 and h_n/c_n tensors (batch > 1, several layer-directions) through
/// ImportPyTorchState, RunBatch and ExportPyTorchState: the way a user who brings state from PyTorch runs.
/// </summary>
public sealed class PyTorchStateParityTests
{
    public static TheoryData<string> StatefulBatches() => new(
        ParityCases.PyTorch + "/lstm_2layer_batch3_state",
        ParityCases.PyTorch + "/lstm_bidi_2layer_state",
        ParityCases.PyTorch + "/gru_2layer_batch2_state",
        ParityCases.PyTorch + "/rnn_tanh_bidi_2layer_state");

    [Theory]
    [MemberData(nameof(StatefulBatches))]
    public void Imported_h0_and_c0_run_to_pytorchs_h_n_and_c_n(string id)
    {
        var fixture = ParityFixture.Load(id);
        RecurrentModel model = fixture.LoadModel();
        int batch = fixture.Batch;
        Assert.True(batch > 1, $"{id} should have several streams");
        bool lstm = model.Spec.Cell.Kind == CellKind.Lstm;
        float[] h0 = fixture.File.ReadFloat32("test.h0");
        float[] c0 = lstm ? fixture.File.ReadFloat32("test.c0") : [];

        float[] states = new float[batch * model.StateSize];
        model.ImportPyTorchState(h0, c0, batch, states);
        // The fixture reader's own rearrangement of the same tensors.
        Assert.Equal(fixture.InitialStates, states);

        int[] lengths = Enumerable.Repeat(fixture.SequenceLength, batch).ToArray();
        float[] outputs = new float[fixture.SequenceLength * batch * model.OutputSize];
        model.RunBatch(fixture.Inputs, batch, lengths, states, outputs, model.CreateWorkspace(fixture.SequenceLength, batch));

        float[] hN = new float[h0.Length], cN = new float[c0.Length];
        model.ExportPyTorchState(states, batch, hN, cN);
        Assertions.Close(fixture.File.ReadFloat32("test.h_n"), hN, $"{id} h_n");
        if (lstm)
            Assertions.Close(fixture.File.ReadFloat32("test.c_n"), cN, $"{id} c_n");
    }
}
