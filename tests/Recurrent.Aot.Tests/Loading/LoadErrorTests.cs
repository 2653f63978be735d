using Recurrent.Aot.IO;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Loading;

/// <summary>Missing or inconsistent tensors are refused with a message naming the tensor and the shapes.</summary>
public sealed class LoadErrorTests
{
    private static readonly CellSpec Lstm = new() { Kind = CellKind.Lstm, InputSize = 3, HiddenSize = 4 };

    [Fact]
    public void Weight_hh_rows_must_equal_weight_ih_rows()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("lstm.weight_ih_l0", new float[16 * 3], 16, 3);
        writer.Add("lstm.weight_hh_l0", new float[12 * 4], 12, 4);
        AssertRefused(writer, "lstm.weight_hh_l0", "12 rows", "16");
    }

    [Fact]
    public void Layer_input_must_be_directions_times_the_output_size()
    {
        var writer = new SafeTensorsWriter();
        var model = new ModelSpec { Cell = Lstm, Layers = 2, Bidirectional = true };
        IReadOnlyList<CellWeights> weights = RandomWeights.For(model, new Random(1));
        TorchFiles.AddCell(writer, "", "_l0", Lstm, weights[0]);
        TorchFiles.AddCell(writer, "", "_l0_reverse", Lstm, weights[1]);
        // Layer 1 built as if unidirectional: 4 input columns instead of 2 × 4.
        CellSpec wrong = Lstm with { InputSize = 4 };
        TorchFiles.AddCell(writer, "", "_l1", wrong, RandomWeights.For(wrong, new Random(2)));
        TorchFiles.AddCell(writer, "", "_l1_reverse", wrong, RandomWeights.For(wrong, new Random(3)));
        AssertRefused(writer, "weight_ih_l1", "4 columns", "expected 8");
    }

    [Fact]
    public void A_missing_reverse_tensor_is_named()
    {
        var writer = new SafeTensorsWriter();
        var model = new ModelSpec { Cell = Lstm, Layers = 2, Bidirectional = true };
        IReadOnlyList<CellWeights> weights = RandomWeights.For(model, new Random(1));
        TorchFiles.AddCell(writer, "rnn.", "_l0", Lstm, weights[0]);
        TorchFiles.AddCell(writer, "rnn.", "_l0_reverse", Lstm, weights[1]);
        TorchFiles.AddCell(writer, "rnn.", "_l1", model.LayerCell(1), weights[2]);
        AssertRefused(writer, "rnn.weight_ih_l1_reverse", "missing");
    }

    [Fact]
    public void A_gap_in_the_layer_numbers_is_named()
    {
        var writer = new SafeTensorsWriter();
        TorchFiles.AddCell(writer, "", "_l0", Lstm, RandomWeights.For(Lstm, new Random(1)));
        CellSpec upper = Lstm with { InputSize = 4 };
        TorchFiles.AddCell(writer, "", "_l2", upper, RandomWeights.For(upper, new Random(2)));
        AssertRefused(writer, "weight_ih_l2", "weight_ih_l1 is missing");
    }

    [Fact]
    public void Rnn_rows_contradicting_the_metadata_cell_are_refused()
    {
        var rnn = new CellSpec { Kind = CellKind.Rnn, InputSize = 2, HiddenSize = 8 };
        var writer = new SafeTensorsWriter();
        TorchFiles.AddCell(writer, "", "_l0", rnn, RandomWeights.For(rnn, new Random(1)));
        writer.Metadata["recurrent.cell"] = "lstm";
        AssertRefused(writer, "recurrent.cell", "Lstm", "8 rows", "Rnn");
    }

    [Fact]
    public void Row_counts_that_are_no_cell_kind_are_refused()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("weight_ih_l0", new float[10 * 3], 10, 3);
        writer.Add("weight_hh_l0", new float[10 * 3], 10, 3);
        AssertRefused(writer, "weight_ih_l0", "10 rows", "not a multiple");

        var twoGates = new SafeTensorsWriter();
        twoGates.Add("weight_ih_l0", new float[10 * 3], 10, 3);
        twoGates.Add("weight_hh_l0", new float[10 * 5], 10, 5);
        AssertRefused(twoGates, "weight_ih_l0", "10 rows", "4·H (LSTM), 3·H (GRU) or H (RNN)");
    }

    [Fact]
    public void Half_a_bias_pair_is_refused()
    {
        var writer = new SafeTensorsWriter();
        CellWeights w = RandomWeights.For(Lstm, new Random(1));
        writer.Add("weight_ih_l0", w.WeightIh, 16, 3);
        writer.Add("weight_hh_l0", w.WeightHh, 16, 4);
        writer.Add("bias_ih_l0", w.BiasIh!, 16);
        AssertRefused(writer, "bias_hh_l0", "missing");
    }

    [Fact]
    public void A_bias_of_the_wrong_length_is_refused()
    {
        var writer = new SafeTensorsWriter();
        CellWeights w = RandomWeights.For(Lstm, new Random(1));
        writer.Add("weight_ih_l0", w.WeightIh, 16, 3);
        writer.Add("weight_hh_l0", w.WeightHh, 16, 4);
        writer.Add("bias_ih_l0", w.BiasIh!, 16);
        writer.Add("bias_hh_l0", new float[15], 15);
        AssertRefused(writer, "bias_hh_l0", "(15)", "expected (16)");
    }

    [Fact]
    public void No_recurrent_module_is_refused()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("fc.weight", new float[4], 2, 2);
        AssertRefused(writer, "no recurrent module", "weight_ih_l0");
    }

    [Fact]
    public void Bad_metadata_values_name_the_key_and_the_accepted_values()
    {
        var writer = new SafeTensorsWriter();
        TorchFiles.AddCell(writer, "", "_l0", Lstm, RandomWeights.For(Lstm, new Random(1)));
        writer.Metadata["recurrent.gate_activation"] = "swish";
        AssertRefused(writer, "recurrent.gate_activation", "swish", "hard_sigmoid");
    }

    [Fact]
    public void A_head_with_the_wrong_input_width_is_refused()
    {
        var writer = new SafeTensorsWriter();
        TorchFiles.AddCell(writer, "", "_l0", Lstm, RandomWeights.For(Lstm, new Random(1)));
        writer.Add("fc.weight", new float[2 * 5], 2, 5);
        writer.Metadata["recurrent.head"] = "fc";
        AssertRefused(writer, "fc.weight", "(2, 5)", "(outputs, 4)");
        var missing = Assert.Throws<WeightsFormatException>(() => RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer), new ModelLoadOptions { Head = "head" }));
        Assert.Contains("head.weight", missing.Message);
    }

    private static void AssertRefused(SafeTensorsWriter writer, params string[] fragments)
    {
        var error = Assert.Throws<WeightsFormatException>(() => RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer)));
        foreach (string fragment in fragments)
            Assert.Contains(fragment, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
