using Recurrent.Aot.IO;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>
/// A reverse model (ONNX direction = reverse, metadata <c>recurrent.direction = reverse</c>) is the forward model
/// run on the time-reversed sequence, its outputs reversed back: output t stays aligned with input t.
/// </summary>
public sealed class ReverseModelTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 1)]
    [InlineData(CellKind.Gru, 2)]
    [InlineData(CellKind.Rnn, 3)]
    public void Reverse_is_forward_on_the_reversed_sequence(CellKind kind, int layers)
    {
        var forwardSpec = new ModelSpec { Cell = new CellSpec { Kind = kind, InputSize = 3, HiddenSize = 11 }, Layers = layers };
        IReadOnlyList<CellWeights> weights = RandomWeights.For(forwardSpec, new Random(7));
        RecurrentModel forward = RecurrentModel.Create(forwardSpec, weights);
        RecurrentModel reverse = RecurrentModel.Create(forwardSpec with { Reverse = true }, weights);
        const int seq = 6;
        float[] inputs = RandomWeights.Uniform(new Random(8), seq * 3, 1f);
        float[] flipped = Flip(inputs, seq, 3);
        float[] initial = RandomWeights.Uniform(new Random(9), forward.StateSize, 0.5f);

        float[] forwardState = (float[])initial.Clone(), reverseState = (float[])initial.Clone();
        var forwardOut = new float[seq * forward.OutputSize];
        var reverseOut = new float[forwardOut.Length];
        forward.Run(flipped, forwardState, forwardOut, forward.CreateWorkspace(seq));
        reverse.Run(inputs, reverseState, reverseOut, reverse.CreateWorkspace(seq));

        // Not bit-equal: the panel walk order alternates with the step's parity (PanelOrder), so sums round differently.
        Assertions.Close(Flip(forwardOut, seq, forward.OutputSize), reverseOut, "outputs", 1e-6f);
        Assertions.Close(forwardState, reverseState, "final state", 1e-6f);
    }

    [Fact]
    public void Streaming_a_reverse_model_is_refused()
    {
        var spec = new ModelSpec { Cell = new CellSpec { Kind = CellKind.Gru, InputSize = 1, HiddenSize = 2 }, Reverse = true };
        RecurrentModel model = RecurrentModel.Create(spec, RandomWeights.For(spec, new Random(1)));
        var error = Assert.Throws<InvalidOperationException>(() => model.Step(new float[1], new float[model.StateSize], new float[model.OutputSize]));
        Assert.Contains("reverse model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reverse_and_bidirectional_together_are_refused()
    {
        var spec = new ModelSpec { Cell = new CellSpec { Kind = CellKind.Gru, InputSize = 1, HiddenSize = 2 }, Bidirectional = true };
        Assert.Throws<ArgumentException>(() => (spec with { Reverse = true }).Validate());

        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "", spec, RandomWeights.For(spec, new Random(1)));
        writer.Metadata[RecurrentMetadataKeys.Direction] = "reverse";
        var error = Assert.Throws<WeightsFormatException>(() => RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer)));
        Assert.Contains("bidirectional", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_direction_metadata_loads_a_reverse_model()
    {
        var spec = new ModelSpec { Cell = new CellSpec { Kind = CellKind.Lstm, InputSize = 2, HiddenSize = 3 } };
        var writer = new SafeTensorsWriter();
        TorchFiles.AddModule(writer, "", spec, RandomWeights.For(spec, new Random(1)));
        writer.Metadata[RecurrentMetadataKeys.Direction] = "reverse";
        Assert.True(RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer)).Spec.Reverse);
        writer.Metadata[RecurrentMetadataKeys.Direction] = "backward";
        Assert.Contains("expected forward, reverse", Assert.Throws<WeightsFormatException>(() => RecurrentModel.FromSafeTensors(TorchFiles.Parse(writer))).Message, StringComparison.Ordinal);
    }

    private static float[] Flip(float[] rows, int seq, int width)
    {
        var flipped = new float[rows.Length];
        for (int t = 0; t < seq; t++)
            rows.AsSpan(t * width, width).CopyTo(flipped.AsSpan((seq - 1 - t) * width));
        return flipped;
    }
}
