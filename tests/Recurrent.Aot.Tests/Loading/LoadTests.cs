using Recurrent.Aot.IO;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Loading;

/// <summary>Architecture inference from PyTorch names, shapes and metadata, and the options that override them.</summary>
public sealed class LoadTests
{
    public static TheoryData<string> Cases() => ModelCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_state_dict_export_loads_as_the_same_model(string name)
    {
        ModelSpec spec = ModelCases.Get(name);
        var random = new Random(21);
        IReadOnlyList<CellWeights> weights = RandomWeights.For(spec, random);
        HeadWeights? head = RandomWeights.Head(spec, random);
        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "encoder.rnn.", spec, weights);
        writer.Add("other.weight", [1f, 2f], 2);
        if (head is not null)
        {
            writer.Add("fc.weight", head.Weight, spec.Head!.OutputSize, spec.Directions * spec.Cell.OutputSize);
            if (head.Bias is not null)
                writer.Add("fc.bias", head.Bias, spec.Head.OutputSize);
        }

        // What names cannot say comes from the metadata (or here, for the head activation, the options).
        if (spec.Cell.Kind == CellKind.Rnn && spec.Cell.CandidateActivation == Activation.Relu)
            writer.Metadata["recurrent.nonlinearity"] = "relu";
        if (spec.Cell.GruReset == GruResetMode.BeforeMatmul)
            writer.Metadata["recurrent.gru_reset"] = "before";
        if (spec.Cell.Kind != CellKind.Rnn)
            writer.Metadata["recurrent.candidate_activation"] = Aot.Loading.Rules.RuleTokens.Token(spec.Cell.CandidateActivation);
        if (spec.Reverse)
            writer.Metadata["recurrent.direction"] = "reverse";
        var options = new ModelLoadOptions { Head = head is null ? null : "fc", HeadActivation = spec.Head?.Activation };

        RecurrentModel loaded = RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer), options);
        Assert.Equal(spec, loaded.Spec);

        RecurrentModel created = RecurrentModel.Create(spec, weights, head);
        float[] inputs = RandomWeights.Uniform(random, 4 * spec.Cell.InputSize, 1f);
        var expected = new float[4 * created.OutputSize];
        var actual = new float[expected.Length];
        created.Run(inputs, new float[created.StateSize], expected, created.CreateWorkspace(4));
        loaded.Run(inputs, new float[loaded.StateSize], actual, loaded.CreateWorkspace(4));
        Assertions.Close(expected, actual, name, 0f);
    }

    [Fact]
    public void Single_cells_load_from_unsuffixed_names_at_the_top_level()
    {
        var spec = new CellSpec { Kind = CellKind.Gru, InputSize = 3, HiddenSize = 6 };
        var writer = new SafeTensorsWriter();
        TorchFiles.AddCell(writer, "", "", spec, RandomWeights.For(spec, new Random(1)));
        RecurrentModel model = RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer));
        Assert.Equal(new ModelSpec { Cell = spec }, model.Spec);
    }

    [Fact]
    public void Metadata_sets_what_names_cannot_say_and_options_override_it()
    {
        var spec = new CellSpec { Kind = CellKind.Lstm, InputSize = 2, HiddenSize = 4 };
        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "lstm.", new ModelSpec { Cell = spec }, [RandomWeights.For(spec, new Random(1))]);
        writer.Metadata["recurrent.gate_activation"] = "hard_sigmoid";
        writer.Metadata["recurrent.cell_activation"] = "relu";
        writer.Metadata["recurrent.clip"] = "3.5";
        writer.Metadata["recurrent.input_forget"] = "true";
        SafeTensorsFile file = TorchFiles.Parse(writer);

        CellSpec fromMetadata = RecurrentModel.FromSafeTensors(file).Spec.Cell;
        Assert.Equal(spec with { GateActivation = Activation.HardSigmoid, CellActivation = Activation.Relu, Clip = 3.5f, InputForget = true }, fromMetadata);

        CellSpec overridden = RecurrentModel.FromSafeTensors(file, new ModelLoadOptions { GateActivation = Activation.Sigmoid, Clip = 1f, InputForget = false, Module = "lstm." }).Spec.Cell;
        Assert.Equal(spec with { CellActivation = Activation.Relu, Clip = 1f }, overridden);
    }

    [Fact]
    public void Several_modules_need_a_choice_and_the_error_lists_them()
    {
        var writer = TwoModules();
        var error = Assert.Throws<WeightsFormatException>(() => RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer)));
        Assert.Contains("encoder.rnn", error.Message);
        Assert.Contains("decoder", error.Message);

        Assert.Equal(CellKind.Gru, RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer), new ModelLoadOptions { Module = "decoder" }).Spec.Cell.Kind);
        writer.Metadata["recurrent.module"] = "encoder.rnn";
        Assert.Equal(CellKind.Lstm, RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer)).Spec.Cell.Kind);

        var missing = Assert.Throws<WeightsFormatException>(() => RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer), new ModelLoadOptions { Module = "nope" }));
        Assert.Contains("nope", missing.Message);
        Assert.Contains("decoder", missing.Message);
    }

    [Fact]
    public void A_peephole_tensor_turns_peepholes_on()
    {
        var spec = new CellSpec { Kind = CellKind.Lstm, InputSize = 2, HiddenSize = 3, Peepholes = true };
        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "", new ModelSpec { Cell = spec, Layers = 2 }, RandomWeights.For(new ModelSpec { Cell = spec, Layers = 2 }, new Random(2)));
        Assert.True(RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer)).Spec.Cell.Peepholes);
    }

    [Fact]
    public void Load_reads_a_file_from_disk_and_names_it_in_errors()
    {
        var spec = new CellSpec { Kind = CellKind.Rnn, InputSize = 2, HiddenSize = 3 };
        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "rnn.", new ModelSpec { Cell = spec }, [RandomWeights.For(spec, new Random(3))]);
        writer.Metadata["recurrent.cell"] = "gru";
        string path = Path.Combine(Path.GetTempPath(), $"recurrent-load-{Guid.NewGuid():N}.safetensors");
        try
        {
            writer.Save(path);
            var error = Assert.Throws<WeightsFormatException>(() => RecurrentModel.Load(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("GRU", error.Message);
            Assert.Equal(CellKind.Rnn, RecurrentModel.Load(path, new ModelLoadOptions { Cell = CellKind.Rnn }).Spec.Cell.Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static SafeTensorsWriter TwoModules()
    {
        var lstm = new CellSpec { Kind = CellKind.Lstm, InputSize = 2, HiddenSize = 3 };
        var gru = new CellSpec { Kind = CellKind.Gru, InputSize = 3, HiddenSize = 3 };
        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "encoder.rnn.", new ModelSpec { Cell = lstm }, [RandomWeights.For(lstm, new Random(1))]);
        TorchFiles.AddModule(writer, "decoder.", new ModelSpec { Cell = gru }, [RandomWeights.For(gru, new Random(2))]);
        return writer;
    }
}
