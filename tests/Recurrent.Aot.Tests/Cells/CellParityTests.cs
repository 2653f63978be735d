using FsCheck;
using FsCheck.Fluent;
using Recurrent.Aot.Reference;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Cells;

/// <summary>The packed SIMD cells against the plain scalar reference, for every kind and option.</summary>
public sealed class CellParityTests
{
    public static TheoryData<string> Configurations() => [.. CellConfigurations.All().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_size_across_the_lane_boundaries_matches_the_reference(string name)
    {
        CellSpec template = CellConfigurations.All().Single(c => c.Name == name).Spec;
        var random = new Random(name.Length * 7919);
        int[] sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 70];
        foreach (int hidden in sizes)
        {
            int input = sizes[random.Next(sizes.Length)];
            CheckSteps(CellConfigurations.Sized(template, input, hidden), random, 3, $"{name} X={input} H={hidden}");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Random_shapes_match_the_reference(string name)
    {
        CellSpec template = CellConfigurations.All().Single(c => c.Name == name).Spec;
        Prop.ForAll(
            Gen.Choose(1, 70).ToArbitrary(),
            Gen.Choose(1, 70).ToArbitrary(),
            Gen.Choose(0, 69).ToArbitrary(),
            (input, hidden, proj) =>
            {
                CellSpec spec = CellConfigurations.Sized(template, input, hidden, proj);
                CheckSteps(spec, new Random(input * 1000 + hidden), 2, $"{name} X={input} H={hidden} P={spec.ProjSize}");
            }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(5, 17, 3)]
    [InlineData(8, 32, 16)]
    [InlineData(13, 70, 33)]
    [InlineData(3, 40, 39)]
    public void Lstm_with_projection_and_peepholes_matches_the_reference(int input, int hidden, int proj)
    {
        var spec = new CellSpec { Kind = CellKind.Lstm, InputSize = input, HiddenSize = hidden, ProjSize = proj, Peepholes = true };
        CheckSteps(spec, new Random(hidden), 4, $"lstm-proj X={input} H={hidden} P={proj}");
    }

    [Fact]
    public void Large_states_use_pooled_scratch_and_still_match_the_reference()
    {
        var spec = new CellSpec { Kind = CellKind.Gru, InputSize = 3, HiddenSize = 400, GruReset = GruResetMode.BeforeMatmul };
        CheckSteps(spec, new Random(5), 2, "gru-before H=400");
    }

    internal static void CheckSteps(CellSpec spec, Random random, int steps, string context)
    {
        CellWeights weights = RandomWeights.For(spec, random);
        RecurrentCell cell = RecurrentCell.Create(spec, weights);
        float[] h = RandomWeights.Uniform(random, spec.OutputSize, 0.8f);
        float[] c = RandomWeights.Uniform(random, spec.CellStateSize, 1.5f);
        float[] hRef = (float[])h.Clone(), cRef = (float[])c.Clone();
        var hNew = new float[h.Length];
        var cNew = new float[c.Length];
        var hRefNew = new float[h.Length];
        var cRefNew = new float[c.Length];
        for (int t = 0; t < steps; t++)
        {
            float[] x = RandomWeights.Uniform(random, spec.InputSize, 2f);
            cell.Step(x, h, c, hNew, cNew);
            ReferenceCell.Step(spec, weights, x, hRef, cRef, hRefNew, cRefNew);
            Assertions.Close(hRefNew, hNew, $"{context} step {t} h");
            Assertions.Close(cRefNew, cNew, $"{context} step {t} c");
            (h, hNew) = (hNew, h);
            (c, cNew) = (cNew, c);
            (hRef, hRefNew) = (hRefNew, hRef);
            (cRef, cRefNew) = (cRefNew, cRef);
        }
    }
}
