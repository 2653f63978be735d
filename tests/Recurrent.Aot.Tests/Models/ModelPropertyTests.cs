using FsCheck;
using FsCheck.Fluent;
using Recurrent.Aot.Reference;
using Recurrent.Aot.Tests.Support;

namespace Recurrent.Aot.Tests.Models;

/// <summary>Random architectures, batches and lengths: RunBatch against the reference model.</summary>
public sealed class ModelPropertyTests
{
    [Fact]
    public void Random_models_batches_and_lengths_match_the_reference()
    {
        Gen<int> seeds = Gen.Choose(0, int.MaxValue - 1);
        Prop.ForAll(seeds.ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            (string name, CellSpec template) = CellConfigurations.All().ElementAt(random.Next(CellConfigurations.All().Count()));
            CellSpec cell = CellConfigurations.Sized(template, random.Next(1, 20), random.Next(1, 40), random.Next(0, 12));
            HeadActivation[] heads = [HeadActivation.None, HeadActivation.Sigmoid, HeadActivation.Softmax];
            var spec = new ModelSpec
            {
                Cell = cell,
                Layers = random.Next(1, 4),
                Bidirectional = random.Next(2) == 1,
                Head = random.Next(3) == 0 ? new HeadSpec { OutputSize = random.Next(1, 6), Activation = heads[random.Next(3)] } : null,
            };
            IReadOnlyList<CellWeights> weights = RandomWeights.For(spec, random);
            HeadWeights? head = RandomWeights.Head(spec, random);
            RecurrentModel model = RecurrentModel.Create(spec, weights, head);
            var reference = new ReferenceModel(spec, weights, head);

            int seq = random.Next(1, 8), batch = random.Next(1, 6);
            int[] lengths = Enumerable.Range(0, batch).Select(_ => random.Next(0, seq + 1)).ToArray();
            float[] inputs = RandomWeights.Uniform(random, seq * batch * model.InputSize, 1.5f);
            float[] states = RandomWeights.Uniform(random, batch * model.StateSize, 0.5f);
            float[] refStates = (float[])states.Clone();
            var outputs = new float[seq * batch * model.OutputSize];
            var refOutputs = new float[outputs.Length];
            model.RunBatch(inputs, batch, lengths, states, outputs, model.CreateWorkspace(seq, batch));
            reference.RunBatch(inputs, batch, lengths, refStates, refOutputs);

            string context = $"seed {seed}: {name} {spec} lengths [{string.Join(", ", lengths)}]";
            Assertions.Close(refOutputs, outputs, context + " outputs");
            Assertions.Close(refStates, states, context + " states");
        }).QuickCheckThrowOnFailure();
    }
}
