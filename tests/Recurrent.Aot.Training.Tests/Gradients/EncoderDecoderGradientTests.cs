using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Parameters;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.Training.Tests.Gradients;

/// <summary>Encoder–decoder (N→M, teacher forcing) gradients, including the encoder's through the decoder's initial state, against finite differences.</summary>
public sealed class EncoderDecoderGradientTests
{
    [Theory]
    [InlineData(CellKind.Lstm, LossKind.SoftmaxCrossEntropy)]
    [InlineData(CellKind.Gru, LossKind.MeanSquaredError)]
    [InlineData(CellKind.Rnn, LossKind.BinaryCrossEntropy)]
    public void Encoder_decoder_gradients_match_finite_differences(CellKind cell, LossKind loss)
    {
        const int width = 3;
        var encoder = new RecurrentNetwork<double>(new NetworkSpec(cell, 2, 4) { Layers = 2, ModuleName = "encoder" });
        var decoder = new RecurrentNetwork<double>(new NetworkSpec(cell, width, 4) { Layers = 2, HeadSize = width, ModuleName = "decoder", HeadName = "decoder_head" });
        var model = new EncoderDecoderModel<double>(encoder, decoder, loss);
        var rng = new Pcg32(77);
        foreach (Parameter<double> p in model.Parameters)
        {
            Initializer.Fill<double>(p.Value, rng, 0.6);
        }

        // Different input and output lengths inside one shard exercise padding on both sides.
        SequenceExample[] shard = [Example(rng, 4, 3, loss, width), Example(rng, 2, 5, loss, width), Example(rng, 5, 1, loss, width)];
        model.Validate(shard);
        FiniteDifferences.Check(model, shard);
    }

    private static SequenceExample Example(Pcg32 rng, int inSteps, int outSteps, LossKind loss, int width)
    {
        float[] x = new float[inSteps * 2];
        Initializer.Fill<float>(x, rng, 1.0);
        if (loss == LossKind.SoftmaxCrossEntropy)
        {
            return SequenceExample.WithLabels(x, inSteps, Enumerable.Range(0, outSteps).Select(_ => rng.NextInt(width)).ToArray());
        }

        float[] y = new float[outSteps * width];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = loss == LossKind.BinaryCrossEntropy ? rng.NextInt(2) : (float)rng.NextUniform(-1, 1);
        }

        return SequenceExample.WithTargets(x, inSteps, y, outSteps);
    }
}

/// <summary>Central differences of a trainable model's mean loss, checked against its analytic gradient for every parameter value.</summary>
internal static class FiniteDifferences
{
    public static void Check(ITrainableModel<double> model, SequenceExample[] shard, double epsilon = 1e-6)
    {
        var segment = new ArraySegment<SequenceExample>(shard);
        double scale = 1.0 / model.CountLossTerms(segment);
        object workspace = model.CreateWorkspace();
        double[][] analytic = model.Parameters.Select(p => new double[p.Length]).ToArray();
        model.Prepare();
        model.Run(segment, workspace, analytic, scale);
        foreach (Parameter<double> p in model.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double saved = p.Value[i];
                p.Value[i] = saved + epsilon;
                model.Prepare();
                double plus = model.Run(segment, workspace, null, scale).LossSum * scale;
                p.Value[i] = saved - epsilon;
                model.Prepare();
                double minus = model.Run(segment, workspace, null, scale).LossSum * scale;
                p.Value[i] = saved;
                double numeric = (plus - minus) / (2 * epsilon);
                double a = analytic[IndexOf(model, p)][i];
                Assert.True(Math.Abs(numeric - a) <= 1e-6 + (1e-5 * Math.Abs(numeric)), $"{p.Name}[{i}]: analytic {a:G9}, numeric {numeric:G9}");
            }
        }

        model.Prepare();
    }

    private static int IndexOf(ITrainableModel<double> model, Parameter<double> p)
    {
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            if (ReferenceEquals(model.Parameters[i], p))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{p.Name} is not a parameter of the model.");
    }
}
