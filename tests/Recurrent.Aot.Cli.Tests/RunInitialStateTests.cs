using Recurrent.Aot.Cli.Tests.Support;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Tests;

/// <summary>
/// Where <c>recurrent run</c> starts: the file's learned initial state (<c>initial_h_l{k}</c>, <c>initial_c_l{k}</c>) when no
/// --h0/--c0 is given, the given state otherwise; and --h0/--c0 shaped as a single cell takes them for one-layer models.
/// </summary>
public sealed class RunInitialStateTests : IDisposable
{
    private const float Tolerance = 1e-5f;

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_learned_initial_state_is_where_every_stream_starts()
    {
        // A 2-layer bidirectional LSTM (hidden 6) given a learned initial state; its input has 2 streams.
        string fixture = Fixtures.PyTorch("lstm_bidi_2layer_state");
        string model = LearnedInitialState.Write(fixture, "lstm.", layers: 2, directions: 2, lstm: true, temp.File("learned.safetensors"));
        SafeTensorsFile file = SafeTensorsFile.Load(model);
        string input = Fixtures.ExportNpy(SafeTensorsFile.Load(fixture), "test.input", temp.File("x.npy"));
        NpyArray x = Npy.Read(input);
        int steps = x.Shape[0], batch = x.Shape[1];
        Assert.Equal(2, batch);

        CliRunner.Run("run", model, "--input", input, "--output", temp.File("y.npy"), "--hn", temp.File("hn.npy"), "--cn", temp.File("cn.npy"))
            .AssertSucceeded();

        // The runtime API: Load, ResetStates, RunBatch.
        RecurrentModel runtime = RecurrentModel.Load(model);
        Assert.True(runtime.HasLearnedInitialState);
        var states = new float[batch * runtime.StateSize];
        runtime.ResetStates(states);
        var outputs = new float[steps * batch * runtime.OutputSize];
        runtime.RunBatch(x.Data, batch, [steps, steps], states, outputs, runtime.CreateWorkspace(steps, batch));
        var hN = new float[4 * batch * 6];
        var cN = new float[4 * batch * 6];
        runtime.ExportPyTorchState(states, batch, hN, cN);
        Assert.Equal(outputs, Npy.Read(temp.File("y.npy")).Data);
        Assert.Equal(hN, Npy.Read(temp.File("hn.npy")).Data);
        Assert.Equal(cN, Npy.Read(temp.File("cn.npy")).Data);

        // The same state passed explicitly, built from the tensors themselves: row layer*2 + direction of h0/c0 is
        // initial_h_l{layer}[_reverse] for both streams.
        float[] h0 = new float[4 * batch * 6], c0 = new float[4 * batch * 6];
        for (int layer = 0; layer < 2; layer++)
        {
            for (int direction = 0; direction < 2; direction++)
            {
                string suffix = $"_l{layer}{(direction == 1 ? "_reverse" : "")}";
                float[] initialH = file.ReadFloat32("lstm.initial_h" + suffix);
                float[] initialC = file.ReadFloat32("lstm.initial_c" + suffix);
                for (int stream = 0; stream < batch; stream++)
                {
                    int row = (((layer * 2) + direction) * batch) + stream;
                    initialH.CopyTo(h0, row * 6);
                    initialC.CopyTo(c0, row * 6);
                }
            }
        }

        Npy.Write(temp.File("h0.npy"), h0, 4, batch, 6);
        Npy.Write(temp.File("c0.npy"), c0, 4, batch, 6);
        CliRunner.Run("run", model, "--input", input, "--output", temp.File("y-explicit.npy"), "--hn", temp.File("hn-explicit.npy"),
            "--h0", temp.File("h0.npy"), "--c0", temp.File("c0.npy")).AssertSucceeded();
        Assert.Equal(Npy.Read(temp.File("y.npy")).Data, Npy.Read(temp.File("y-explicit.npy")).Data);
        Assert.Equal(Npy.Read(temp.File("hn.npy")).Data, Npy.Read(temp.File("hn-explicit.npy")).Data);

        // Each stream run on its own (unbatched input) starts from the learned state too and gives its column of the batch.
        float[] y = Npy.Read(temp.File("y.npy")).Data;
        int width = runtime.OutputSize;
        for (int stream = 0; stream < batch; stream++)
        {
            var single = new float[steps * 4];
            for (int t = 0; t < steps; t++)
            {
                x.Data.AsSpan(((t * batch) + stream) * 4, 4).CopyTo(single.AsSpan(t * 4));
            }

            Npy.Write(temp.File($"x{stream}.npy"), single, steps, 4);
            CliRunner.Run("run", model, "--input", temp.File($"x{stream}.npy"), "--output", temp.File($"y{stream}.npy")).AssertSucceeded();
            float[] column = new float[steps * width];
            for (int t = 0; t < steps; t++)
            {
                y.AsSpan(((t * batch) + stream) * width, width).CopyTo(column.AsSpan(t * width));
            }

            Fixtures.AssertClose(column, [steps, width], Npy.Read(temp.File($"y{stream}.npy")), Tolerance, $"stream {stream} alone");
        }

        // And the learned state matters: an explicit zero state is another run.
        Npy.Write(temp.File("zeros.npy"), new float[h0.Length], 4, batch, 6);
        CliRunner.Run("run", model, "--input", input, "--output", temp.File("y-zeros.npy"), "--h0", temp.File("zeros.npy"), "--c0", temp.File("zeros.npy"))
            .AssertSucceeded();
        float[] fromZeros = Npy.Read(temp.File("y-zeros.npy")).Data;
        Assert.True(fromZeros.Zip(y, (a, b) => MathF.Abs(a - b)).Max() > 1e-3f, "the learned initial state did not change the outputs");
    }

    [Fact]
    public void Given_h0_wins_over_the_learned_state_and_c0_left_out_is_the_learned_one()
    {
        string fixture = Fixtures.PyTorch("lstm_bidi_2layer_state");
        SafeTensorsFile original = SafeTensorsFile.Load(fixture);
        string model = LearnedInitialState.Write(fixture, "lstm.", layers: 2, directions: 2, lstm: true, temp.File("learned.safetensors"));
        string input = Fixtures.ExportNpy(original, "test.input", temp.File("x.npy"));
        string h0 = Fixtures.ExportNpy(original, "test.h0", temp.File("h0.npy"));

        CliRunner.Run("run", model, "--input", input, "--output", temp.File("y.npy"), "--h0", h0).AssertSucceeded();

        RecurrentModel runtime = RecurrentModel.Load(model);
        int steps = original.GetTensor("test.input").Shape[0], batch = original.GetTensor("test.input").Shape[1];
        var states = new float[batch * runtime.StateSize];
        runtime.ResetStates(states);
        var learnedH = new float[4 * batch * 6];
        var learnedC = new float[4 * batch * 6];
        runtime.ExportPyTorchState(states, batch, learnedH, learnedC);
        runtime.ImportPyTorchState(original.ReadFloat32("test.h0"), learnedC, batch, states);
        var outputs = new float[steps * batch * runtime.OutputSize];
        runtime.RunBatch(original.ReadFloat32("test.input"), batch, [steps, steps], states, outputs, runtime.CreateWorkspace(steps, batch));
        Assert.Equal(outputs, Npy.Read(temp.File("y.npy")).Data);
    }

    [Theory]
    [InlineData("lstm_cell")]
    [InlineData("gru_cell")]
    [InlineData("rnn_tanh_cell")]
    [InlineData("lstm_1layer")]
    [InlineData("gru_1layer")]
    public void A_one_layer_model_takes_h0_and_c0_shaped_as_for_a_single_cell(string caseName)
    {
        string model = Fixtures.PyTorch(caseName);
        SafeTensorsFile file = SafeTensorsFile.Load(model);
        bool lstm = file.TryGetTensor("test.c_n", out _);
        string input = Fixtures.ExportNpy(file, "test.input", temp.File("x.npy"));
        int[] inputShape = file.GetTensor("test.input").Shape;
        int batch = inputShape[1];
        int hidden = file.GetTensor("test.h_n").Shape[2];
        float[] h0 = Values(batch * hidden, 0.3f);
        float[] c0 = Values(batch * hidden, -0.7f);

        // (1, batch, hidden) as nn.LSTM takes it, (batch, hidden) as nn.LSTMCell does.
        Npy.Write(temp.File("h0-3d.npy"), h0, 1, batch, hidden);
        Npy.Write(temp.File("c0-3d.npy"), c0, 1, batch, hidden);
        Npy.Write(temp.File("h0-2d.npy"), h0, batch, hidden);
        Npy.Write(temp.File("c0-2d.npy"), c0, batch, hidden);
        CliRunner.Run(RunArgs(model, input, "3d", lstm)).AssertSucceeded();
        CliRunner.Run(RunArgs(model, input, "2d", lstm)).AssertSucceeded();

        AssertSameRun("3d", "2d", [1, batch, hidden], [batch, hidden], lstm);

        // Unbatched input (seq, features): state (1, hidden) or (hidden).
        float[] x = file.ReadFloat32("test.input");
        float[] stream0 = new float[inputShape[0] * inputShape[2]];
        for (int t = 0; t < inputShape[0]; t++)
        {
            x.AsSpan(t * batch * inputShape[2], inputShape[2]).CopyTo(stream0.AsSpan(t * inputShape[2]));
        }

        Npy.Write(temp.File("x1.npy"), stream0, inputShape[0], inputShape[2]);
        Npy.Write(temp.File("h0-2u.npy"), h0.AsSpan(0, hidden), 1, hidden);
        Npy.Write(temp.File("c0-2u.npy"), c0.AsSpan(0, hidden), 1, hidden);
        Npy.Write(temp.File("h0-1u.npy"), h0.AsSpan(0, hidden), hidden);
        Npy.Write(temp.File("c0-1u.npy"), c0.AsSpan(0, hidden), hidden);
        CliRunner.Run(RunArgs(model, temp.File("x1.npy"), "2u", lstm)).AssertSucceeded();
        CliRunner.Run(RunArgs(model, temp.File("x1.npy"), "1u", lstm)).AssertSucceeded();

        AssertSameRun("2u", "1u", [1, hidden], [hidden], lstm);

        // The given state is used: stream 0 alone matches stream 0 of the batch.
        int width = Npy.Read(temp.File("y-3d.npy")).Shape[2];
        float[] batched = Npy.Read(temp.File("y-3d.npy")).Data;
        float[] column = new float[inputShape[0] * width];
        for (int t = 0; t < inputShape[0]; t++)
        {
            batched.AsSpan(t * batch * width, width).CopyTo(column.AsSpan(t * width));
        }

        Fixtures.AssertClose(column, [inputShape[0], width], Npy.Read(temp.File("y-1u.npy")), Tolerance, "stream 0 alone");
    }

    [Fact]
    public void Only_h0_shaped_as_for_a_single_cell_gives_h_n_and_c_n_in_that_shape()
    {
        string model = Fixtures.PyTorch("lstm_cell");
        SafeTensorsFile file = SafeTensorsFile.Load(model);
        string input = Fixtures.ExportNpy(file, "test.input", temp.File("x.npy"));
        Npy.Write(temp.File("h0.npy"), file.ReadFloat32("test.h0"), 2, 6);

        CliRunner.Run("run", model, "--input", input, "--output", temp.File("y.npy"), "--h0", temp.File("h0.npy"),
            "--hn", temp.File("hn.npy"), "--cn", temp.File("cn.npy")).AssertSucceeded();

        Assert.Equal([2, 6], Npy.Read(temp.File("hn.npy")).Shape);
        Assert.Equal([2, 6], Npy.Read(temp.File("cn.npy")).Shape);
    }

    private string[] RunArgs(string model, string input, string form, bool lstm)
    {
        var args = new List<string>
        {
            "run", model, "--input", input, "--output", temp.File($"y-{form}.npy"),
            "--h0", temp.File($"h0-{form}.npy"), "--hn", temp.File($"hn-{form}.npy"),
        };
        if (lstm)
        {
            args.AddRange(["--c0", temp.File($"c0-{form}.npy"), "--cn", temp.File($"cn-{form}.npy")]);
        }

        return [.. args];
    }

    /// <summary>The two runs gave the same outputs, and each wrote h_n (and c_n) in the shape its h0 (and c0) came in.</summary>
    private void AssertSameRun(string full, string cell, int[] fullShape, int[] cellShape, bool lstm)
    {
        Assert.Equal(Npy.Read(temp.File($"y-{full}.npy")).Data, Npy.Read(temp.File($"y-{cell}.npy")).Data);
        string[] finals = lstm ? ["hn", "cn"] : ["hn"];
        foreach (string name in finals)
        {
            NpyArray fromFull = Npy.Read(temp.File($"{name}-{full}.npy"));
            NpyArray fromCell = Npy.Read(temp.File($"{name}-{cell}.npy"));
            Assert.Equal(fullShape, fromFull.Shape);
            Assert.Equal(cellShape, fromCell.Shape);
            Assert.Equal(fromFull.Data, fromCell.Data);
        }
    }

    private static float[] Values(int count, float phase)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = 0.5f * MathF.Sin((1.3f * (i + 1)) + phase);
        }

        return values;
    }
}
