using Recurrent.Aot.Cli;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.EndToEnd.Tests;

/// <summary>
/// Train a few steps with the trainer, export, and every consumer reproduces the trainer's own forward pass within
/// 1e-5, starting from the model's initial state (the learned one when the file has it): the runtime, `recurrent run`,
/// an embedded generated model and a shape-only generated model bound by Load.
/// </summary>
public sealed class TrainToDeviceTests(TrainedModels trained) : IClassFixture<TrainedModels>
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<int> Cases() => EndToEndCases.Indices();

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_runtime_reproduces_the_trainer(int index)
    {
        TrainedModel m = trained.Models[index];
        RecurrentModel model = RecurrentModel.Load(m.Path);
        Assert.Equal(m.Spec.LearnInitialState, model.HasLearnedInitialState);
        float[] state = new float[model.StateSize];
        model.ResetState(state);
        float[] actual = new float[TrainedModels.Steps * model.OutputSize];
        model.Run(m.Input, state, actual, model.CreateWorkspace(TrainedModels.Steps));
        AssertClose(m.Expected, actual, "runtime", m);
        AssertClose(m.ExpectedFinalHidden, state.AsSpan(0, m.ExpectedFinalHidden.Length).ToArray(), "runtime h_n", m);

        if (m.Spec.LearnInitialState)
        {
            // The learned state matters: from zeros the same input gives other outputs (what the old loaders did).
            float[] fromZeros = new float[actual.Length];
            model.Run(m.Input, new float[model.StateSize], fromZeros, model.CreateWorkspace(TrainedModels.Steps));
            float largest = m.Expected.Zip(fromZeros, (a, b) => MathF.Abs(a - b)).Max();
            Assert.True(largest > 1e-3f, $"{m}: the learned initial state changes the outputs by only {largest:G3}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Recurrent_run_reproduces_the_trainer(int index)
    {
        TrainedModel m = trained.Models[index];
        string input = Path.Combine(trained.Folder, $"input{index}.npy");
        string output = Path.Combine(trained.Folder, $"output{index}.npy");
        Npy.Write(input, m.Input, TrainedModels.Steps, m.Spec.InputSize);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = CliApp.Run(["run", m.Path, "-i", input, "-o", output], stdout, stderr);
        Assert.True(exit == 0, $"recurrent run exited {exit}: {stderr}");
        NpyArray result = Npy.Read(output);
        Assert.Equal([TrainedModels.Steps, m.Spec.OutputSize], result.Shape);
        AssertClose(m.Expected, result.Data, "recurrent run", m);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_embedded_generated_model_reproduces_the_trainer(int index)
    {
        TrainedModel m = trained.Models[index];
        Assert.Equal(m.Spec.LearnInitialState, (bool)trained.Call($"EmbeddedHasLearnedState{index}")!);
        AssertClose(m.Expected, (float[])trained.Call($"RunEmbedded{index}", m.Input, TrainedModels.Steps)!, "embedded", m);
        AssertClose(m.Expected, (float[])trained.Call($"RunEmbeddedAfterReset{index}", m.Input, TrainedModels.Steps)!, "embedded after State.Reset()", m);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_shape_only_generated_model_reproduces_the_trainer(int index)
    {
        TrainedModel m = trained.Models[index];
        Assert.Equal(m.Spec.LearnInitialState, (bool)trained.Call($"ShapeOnlyHasLearnedState{index}", m.Path)!);
        AssertClose(m.Expected, (float[])trained.Call($"RunShapeOnly{index}", m.Path, m.Input, TrainedModels.Steps)!, "shape-only Load", m);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_shape_only_model_refuses_every_other_case_file_naming_a_difference(int index)
    {
        // Each case file is a different architecture; a declaration binds its own file and no other one.
        TrainedModel declared = trained.Models[index];
        foreach (TrainedModel other in trained.Models.Where(o => o.Index != index))
        {
            var error = Assert.Throws<WeightsFormatException>(() => trained.Call($"LoadShapeOnly{index}", other.Path));
            Assert.Contains($"ShapeOnly{index}", error.Message, StringComparison.Ordinal);
            Assert.Contains("declared", error.Message, StringComparison.Ordinal);
        }

        trained.Call($"LoadShapeOnly{index}", declared.Path);
    }

    private static void AssertClose(float[] expected, float[] actual, string consumer, TrainedModel m)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            float error = MathF.Abs(expected[i] - actual[i]);
            if (!(error <= worst))
            {
                worst = error;
                at = i;
            }
        }

        Assert.True(worst <= Tolerance, $"{m}: {consumer} differs from the trainer by {worst:G3} at output {at} (trainer {expected[at]}, {consumer} {actual[at]})");
    }
}
