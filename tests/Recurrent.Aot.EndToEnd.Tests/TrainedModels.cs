using System.Globalization;
using System.Reflection;
using System.Text;
using Recurrent.Aot.Generator.Tests.Support;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.EndToEnd.Tests;

/// <summary>One trained and exported model per case, the trainer's own outputs for a test input, and one compiled
/// assembly with, per case, an embedded declaration of the file and a shape-only declaration of its architecture.</summary>
public sealed class TrainedModels : IDisposable
{
    public const int Steps = 9;

    public TrainedModels()
    {
        Directory.CreateDirectory(Folder);
        Models = EndToEndCases.All.Select((c, i) => Train(i, c.Spec)).ToArray();
        var (result, output) = GeneratorHarness.Run(DriverSource(), Models.Select(m => m.Path).ToArray());
        Assert.True(result.Diagnostics.IsEmpty, "generator diagnostics:\n" + string.Join("\n", result.Diagnostics));
        Assembly = GeneratorHarness.Load(output);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "raot-e2e-" + Guid.NewGuid().ToString("N"));

    public TrainedModel[] Models { get; }

    public Assembly Assembly { get; }

    /// <summary>Calls Driver.<paramref name="method"/> of the compiled assembly; rethrows what the generated code threw.</summary>
    public object? Call(string method, params object?[] args)
    {
        try
        {
            return Assembly.GetType("EndToEnd.Driver")!.GetMethod(method)!.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private TrainedModel Train(int index, NetworkSpec spec)
    {
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, seed: 11 + (ulong)index, forgetBias: 1.0);
        TrainBriefly(network);
        if (spec.LearnInitialState)
        {
            Assert.Contains(network.InitialHidden[0].Value, v => v != 0);
        }

        string path = Path.Combine(Folder, $"case{index}.safetensors");
        ModelExporter.Save(network, path);

        float[] input = new float[Steps * spec.InputSize];
        Initializer.Fill<float>(input, new Pcg32(50 + (ulong)index), 1.5);
        NetworkWorkspace<float> workspace = network.CreateWorkspace();
        network.Forward(workspace, input, Steps, 1, default, OutputMode.EveryStep);
        float[] expected = workspace.Output.ToArray();
        ApplyHeadActivation(expected, spec);
        return new TrainedModel(index, spec, path, input, expected, workspace.FinalHidden.ToArray());
    }

    /// <summary>The trainer's forward pass ends at the head's logits (its losses take them raw); a deployed model
    /// applies the exported recurrent.head_activation. Computed in double precision.</summary>
    private static void ApplyHeadActivation(float[] outputs, NetworkSpec spec)
    {
        for (int t = 0; t < outputs.Length / spec.OutputSize; t++)
        {
            Span<float> step = outputs.AsSpan(t * spec.OutputSize, spec.OutputSize);
            if (spec.HeadActivation == HeadActivation.Sigmoid)
            {
                foreach (ref float y in step)
                {
                    y = (float)(1 / (1 + Math.Exp(-y)));
                }
            }
            else if (spec.HeadActivation == HeadActivation.Softmax)
            {
                double max = double.NegativeInfinity, sum = 0;
                foreach (float y in step)
                {
                    max = Math.Max(max, y);
                }

                foreach (float y in step)
                {
                    sum += Math.Exp(y - max);
                }

                foreach (ref float y in step)
                {
                    y = (float)(Math.Exp(y - max) / sum);
                }
            }
        }
    }

    /// <summary>A few Adam steps on random targets: the weights move away from their initialization, and a learned
    /// initial state away from zero.</summary>
    private static void TrainBriefly(RecurrentNetwork<float> network)
    {
        var rng = new Pcg32(3);
        var examples = new List<SequenceExample>();
        for (int n = 0; n < 16; n++)
        {
            int steps = 4 + rng.NextInt(4);
            float[] x = new float[steps * network.Spec.InputSize];
            Initializer.Fill<float>(x, rng, 1.0);
            float[] y = new float[steps * network.Spec.OutputSize];
            Initializer.Fill<float>(y, rng, 0.5);
            examples.Add(SequenceExample.WithTargets(x, steps, y, steps));
        }

        var model = new SequenceModel<float>(network, LossKind.MeanSquaredError, OutputMode.EveryStep);
        var trainer = new Trainer<float>(model, new AdamOptimizer<float>(model.Parameters, 0.02), new TrainerOptions { BatchSize = 8, ShardSize = 4 });
        for (int epoch = 0; epoch < 4; epoch++)
        {
            trainer.TrainEpoch(examples, epoch);
        }
    }

    /// <summary>Per case: Embedded{i} (the file baked in), ShapeOnly{i} (the architecture declared by hand, Load at run
    /// time), and driver methods that run a sequence from each model's initial state.</summary>
    private string DriverSource()
    {
        var source = new StringBuilder();
        source.AppendLine("using System;");
        source.AppendLine("using Recurrent.Aot.Generation;");
        source.AppendLine("namespace EndToEnd;");
        var driver = new StringBuilder();
        driver.AppendLine("public static class Driver");
        driver.AppendLine("{");
        foreach (TrainedModel m in Models)
        {
            int i = m.Index;
            // A bidirectional model runs its sequences through a caller-owned workspace (every layer's outputs).
            string embeddedWorkspace = m.Spec.Bidirectional ? $", new float[Embedded{i}.WorkspaceSize(steps)]" : "";
            string shapeOnlyWorkspace = m.Spec.Bidirectional ? $", new float[ShapeOnly{i}.WorkspaceSize(steps)]" : "";
            source.AppendLine(CultureInfo.InvariantCulture, $"[RecurrentModel(\"case{i}.safetensors\")]");
            source.AppendLine(CultureInfo.InvariantCulture, $"public static partial class Embedded{i};");
            source.AppendLine(EndToEndCases.ShapeAttribute(m.Spec));
            source.AppendLine(CultureInfo.InvariantCulture, $"public sealed partial class ShapeOnly{i};");
            driver.AppendLine(CultureInfo.InvariantCulture, $$"""
                    public static float[] RunEmbedded{{i}}(float[] input, int steps)
                    {
                        var state = Embedded{{i}}.InitialState;
                        var output = new float[steps * Embedded{{i}}.OutputSize];
                        Embedded{{i}}.Run(input, ref state, output{{embeddedWorkspace}});
                        return output;
                    }

                    /// <summary>Runs once, then again after State.Reset(): both runs start from the initial state.</summary>
                    public static float[] RunEmbeddedAfterReset{{i}}(float[] input, int steps)
                    {
                        var state = Embedded{{i}}.InitialState;
                        var output = new float[steps * Embedded{{i}}.OutputSize];
                        Embedded{{i}}.Run(input, ref state, output{{embeddedWorkspace}});
                        state.Reset();
                        Embedded{{i}}.Run(input, ref state, output{{embeddedWorkspace}});
                        return output;
                    }

                    public static bool EmbeddedHasLearnedState{{i}}() => Embedded{{i}}.HasLearnedInitialState;

                    public static float[] RunShapeOnly{{i}}(string path, float[] input, int steps)
                    {
                        var model = ShapeOnly{{i}}.Load(path);
                        ShapeOnly{{i}}.State state = default;
                        model.Reset(ref state);
                        var output = new float[steps * ShapeOnly{{i}}.OutputSize];
                        model.Run(input, ref state, output{{shapeOnlyWorkspace}});
                        return output;
                    }

                    public static bool ShapeOnlyHasLearnedState{{i}}(string path) => ShapeOnly{{i}}.Load(path).HasLearnedInitialState;

                    public static void LoadShapeOnly{{i}}(string path) => ShapeOnly{{i}}.Load(path);
                """);
        }

        driver.AppendLine("}");
        return source.ToString() + driver;
    }
}

/// <summary>A trained case: its file, a test input and the trainer's outputs and final h for it.</summary>
public sealed record TrainedModel(int Index, NetworkSpec Spec, string Path, float[] Input, float[] Expected, float[] ExpectedFinalHidden)
{
    public override string ToString() => EndToEndCases.All[Index].Name;
}
