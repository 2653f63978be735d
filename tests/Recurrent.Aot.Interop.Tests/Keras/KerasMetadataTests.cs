using System.IO.Compression;
using System.Text;
using Recurrent.Aot.Interop.Keras;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop.Tests.Keras;

/// <summary>What the importer writes: PyTorch names and shapes, and the recurrent.* metadata of each Keras convention.</summary>
public sealed class KerasMetadataTests
{
    private static KerasImportResult Import(string name) => KerasFixture.Get(name).Import();

    private static KerasImportedTensor Tensor(KerasImportResult result, string name) => result.Tensors.Single(t => t.Name == name);

    [Fact]
    public void Keras2_hard_sigmoid_keeps_the_default_parameters()
    {
        KerasImportResult result = Import("k2_gru_reset_before_hard_sigmoid");

        Assert.Equal("hard_sigmoid", result.Metadata[RecurrentMetadataKeys.GateActivation]);
        Assert.DoesNotContain("recurrent.gate_activation_alpha", result.Metadata.Keys);
        Assert.DoesNotContain("recurrent.gate_activation_beta", result.Metadata.Keys);
        Assert.Equal("before", result.Metadata[RecurrentMetadataKeys.GruReset]);
        Assert.Equal("2.15.0", result.KerasVersion);
    }

    [Theory]
    [InlineData("k3_gru_hard_sigmoid")]
    [InlineData("k3_legacy_lstm_hard_sigmoid")]
    public void Keras3_hard_sigmoid_is_written_with_alpha_one_sixth(string name)
    {
        KerasImportResult result = Import(name);

        Assert.Equal("hard_sigmoid", result.Metadata["recurrent.gate_activation"]);
        Assert.Equal("0.16666667", result.Metadata["recurrent.gate_activation_alpha"]);
        Assert.Equal("0.5", result.Metadata["recurrent.gate_activation_beta"]);
        Assert.Equal("3.3.3", result.KerasVersion);
    }

    [Fact]
    public void Keras_2_13_archive_uses_the_Keras_2_hard_sigmoid()
    {
        KerasImportResult result = Import("k213_lstm_hard_sigmoid");

        Assert.Equal("hard_sigmoid", result.Metadata["recurrent.gate_activation"]);
        Assert.DoesNotContain("recurrent.gate_activation_alpha", result.Metadata.Keys);
        Assert.Contains("_layer_checkpoint_dependencies", result.Metadata["keras.layout"]);
    }

    [Fact]
    public void Linear_is_affine_with_alpha_one_and_beta_zero()
    {
        KerasImportResult result = Import("k3_rnn_linear_dense");

        Assert.Equal("rnn", result.Metadata[RecurrentMetadataKeys.Cell]);
        Assert.Equal("affine", result.Metadata[RecurrentMetadataKeys.CandidateActivation]);
        Assert.Equal("1", result.Metadata["recurrent.candidate_activation_alpha"]);
        Assert.Equal("0", result.Metadata["recurrent.candidate_activation_beta"]);
        Assert.DoesNotContain(RecurrentMetadataKeys.Nonlinearity, result.Metadata.Keys);
        Assert.Equal("sigmoid", result.Metadata[RecurrentMetadataKeys.HeadActivation]);
    }

    [Fact]
    public void Lstm_gets_all_three_activations_and_transposed_weights()
    {
        KerasImportResult result = Import("k2_lstm_sequence");

        Assert.Equal("lstm", result.Metadata[RecurrentMetadataKeys.Cell]);
        Assert.Equal("sigmoid", result.Metadata[RecurrentMetadataKeys.GateActivation]);
        Assert.Equal("tanh", result.Metadata[RecurrentMetadataKeys.CandidateActivation]);
        Assert.Equal("tanh", result.Metadata[RecurrentMetadataKeys.CellActivation]);
        Assert.Equal(KerasImporter.ModulePrefix, result.Metadata[RecurrentMetadataKeys.Module]);
        Assert.Equal([20, 3], Tensor(result, "rnn.weight_ih_l0").Shape);
        Assert.Equal([20, 5], Tensor(result, "rnn.weight_hh_l0").Shape);
        Assert.Equal([20], Tensor(result, "rnn.bias_ih_l0").Shape);
        Assert.All(Tensor(result, "rnn.bias_hh_l0").Data, v => Assert.Equal(0f, v));
        Assert.Equal(KerasOutput.Sequence, result.Output);
    }

    [Fact]
    public void Gru_reset_after_splits_the_bias_rows_and_swaps_z_and_r()
    {
        KerasImportResult result = Import("k2_gru_dense_sigmoid");

        Assert.Equal("after", result.Metadata[RecurrentMetadataKeys.GruReset]);
        Assert.Equal([12, 3], Tensor(result, "rnn.weight_ih_l0").Shape);
        Assert.Contains(Tensor(result, "rnn.bias_hh_l0").Data, v => v != 0f);
        Assert.Equal([2, 4], Tensor(result, "fc.weight").Shape);
        Assert.Equal("fc", result.Metadata[RecurrentMetadataKeys.Head]);
        Assert.Equal(KerasOutput.LastStep, result.Output);
    }

    [Fact]
    public void Gate_blocks_move_from_Keras_z_r_h_to_PyTorch_r_z_n()
    {
        // kernel (1, 3u) with u = 1: columns z, r, h = 10, 20, 30 → rows r, z, n = 20, 10, 30.
        float[] weight = KerasGateOrder.TransposeKernel(KerasRecurrentKind.Gru, [10f, 20f, 30f], rows: 1, gates: 3, units: 1);
        Assert.Equal([20f, 10f, 30f], weight);
        float[] lstm = KerasGateOrder.TransposeKernel(KerasRecurrentKind.Lstm, [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], rows: 2, gates: 4, units: 1);
        Assert.Equal([1f, 5f, 2f, 6f, 3f, 7f, 4f, 8f], lstm);
    }

    [Fact]
    public void No_bias_layers_write_no_bias_tensors()
    {
        KerasImportResult result = Import("k2_rnn_relu_stack_no_bias");

        Assert.DoesNotContain(result.Tensors, t => t.Name.Contains("bias", StringComparison.Ordinal));
        Assert.Equal("relu", result.Metadata[RecurrentMetadataKeys.Nonlinearity]);
        Assert.Equal([4, 4], Tensor(result, "rnn.weight_ih_l1").Shape);
    }

    [Fact]
    public void Bidirectional_writes_reverse_tensors_and_says_the_output_is_the_final_state()
    {
        KerasImportResult result = Import("k3_bigru_final_state");

        Assert.Equal([9, 3], Tensor(result, "rnn.weight_ih_l0_reverse").Shape);
        Assert.Equal(KerasOutput.FinalState, result.Output);
        Assert.Equal("final_state", result.Metadata["keras.output"]);
        Assert.Equal("3", result.KerasVersion); // recorded by the config's top-level module "keras"
    }

    [Fact]
    public void Dropout_between_layers_is_skipped()
    {
        KerasImportResult result = Import("k3_lstm_stack_dense");

        Assert.Contains("dropout (Dropout)", result.Metadata["keras.layers"]);
        Assert.Equal(2, result.Tensors.Count(t => t.Name.StartsWith("rnn.weight_ih", StringComparison.Ordinal)));
    }

    [Fact]
    public void Convert_writes_a_file_the_runtime_loads()
    {
        KerasFixture fixture = KerasFixture.Get("k3_lstm_stack_dense");
        string path = Path.Combine(Path.GetTempPath(), $"keras-import-{Guid.NewGuid():N}.safetensors");
        try
        {
            KerasImporter.Convert(fixture.ModelPath, null, path);
            RecurrentModel model = RecurrentModel.Load(path);
            Assert.Equal(2, model.Spec.Layers);
            Assert.Equal(CellKind.Lstm, model.Spec.Cell.Kind);
            Assert.Equal(2, model.OutputSize);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Imports_are_deterministic()
    {
        KerasFixture fixture = KerasFixture.Get("k2_bilstm_softmax");
        Assert.Equal(fixture.Import().ToBytes(), fixture.Import().ToBytes());
    }

    [Fact]
    public void Stateful_is_imported_with_a_note()
    {
        KerasFixture fixture = KerasFixture.Get("k2_lstm_dense_weights");
        string config = File.ReadAllText(fixture.ConfigPath!).Replace("\"stateful\": false", "\"stateful\": true", StringComparison.Ordinal);

        KerasImportResult result = KerasImporter.Import(File.ReadAllBytes(fixture.ModelPath), "m.weights.h5", Encoding.UTF8.GetBytes(config), "m.json");

        Assert.Contains(result.Notes, n => n.Contains("'lstm' (LSTM): stateful=True ignored", StringComparison.Ordinal));
        Assert.Empty(fixture.Import().Notes);
    }

    [Fact]
    public void Keras_2_name_lists_split_into_chunks_are_read()
    {
        // k2_lstm_dense_weights.weights.h5 stores layer_names0/1 and weight_names0/1, as Keras does past 64 KiB.
        KerasImportResult result = Import("k2_lstm_dense_weights");

        Assert.Equal([16, 3], Tensor(result, "rnn.weight_ih_l0").Shape);
        Assert.Equal([1, 4], Tensor(result, "fc.weight").Shape);
    }

    [Fact]
    public void The_Keras_version_decides_hard_sigmoid_and_matters()
    {
        // The same Keras 3 archive labelled as written by Keras 2 imports hard_sigmoid as 0.2·x + 0.5: wrong numbers.
        KerasFixture fixture = KerasFixture.Get("k3_gru_hard_sigmoid");
        byte[] relabelled = Relabel(File.ReadAllBytes(fixture.ModelPath), "2.15.0");

        KerasImportResult asKeras2 = KerasImporter.Import(relabelled, "relabelled.keras");

        Assert.DoesNotContain("recurrent.gate_activation_alpha", asKeras2.Metadata.Keys);
        Assert.True(KerasRun.MaxError(asKeras2, fixture) > 1e-3);
        Assert.True(KerasRun.MaxError(fixture.Import(), fixture) <= 1e-5);
    }

    private static byte[] Relabel(byte[] archive, string version)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (ZipArchiveEntry entry in source.Entries)
            {
                using Stream from = entry.Open();
                using Stream to = target.CreateEntry(entry.FullName).Open();
                if (entry.FullName == "metadata.json")
                {
                    to.Write(Encoding.UTF8.GetBytes($"{{\"keras_version\": \"{version}\"}}"));
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }
        return output.ToArray();
    }
}
