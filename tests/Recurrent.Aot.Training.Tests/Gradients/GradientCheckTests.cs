using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Numerics;
using Recurrent.Aot.Training.Parameters;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.Training.Tests.Gradients;

/// <summary>
/// Analytic gradients of the double-precision path against central finite differences
/// (ε = 1e-6, tolerance 1e-6 + 1e-5·|numeric|) for every parameter value, every cell kind and configuration.
/// </summary>
public sealed class GradientCheckTests
{
    private const double Epsilon = 1e-6;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (GradientCheckCase c in GradientCheckCase.All())
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Analytic_gradients_match_finite_differences(string name)
    {
        GradientCheckCase c = GradientCheckCase.All().Single(x => x.Name == name);
        var problem = new Problem(c);
        problem.Network.Prepare();
        double[][] analytic = problem.Network.Parameters.CreateGradientBuffers();
        problem.Evaluate(analytic, out double[] dh0, out double[] dc0);

        int checkedValues = 0;
        foreach (Parameter<double> p in problem.Network.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                double saved = p.Value[i];
                p.Value[i] = saved + Epsilon;
                problem.Network.Prepare();
                double plus = problem.Evaluate(null, out _, out _);
                p.Value[i] = saved - Epsilon;
                problem.Network.Prepare();
                double minus = problem.Evaluate(null, out _, out _);
                p.Value[i] = saved;
                AssertClose((plus - minus) / (2 * Epsilon), analytic[p.Index][i], $"{p.Name}[{i}]");
                checkedValues++;
            }
        }

        problem.Network.Prepare();
        if (c.ExplicitInitialState)
        {
            CheckStateGradient(problem, problem.H0, dh0, "h0");
            CheckStateGradient(problem, problem.C0, dc0, "c0");
        }

        Assert.True(checkedValues > 20, $"only {checkedValues} values checked");
    }

    [Fact]
    public void A_wrong_gradient_is_detected()
    {
        // The checker itself must be able to fail: perturb one analytic value and expect a mismatch.
        var problem = new Problem(GradientCheckCase.All().First(x => x.Name == "lstm"));
        problem.Network.Prepare();
        double[][] analytic = problem.Network.Parameters.CreateGradientBuffers();
        problem.Evaluate(analytic, out _, out _);
        Parameter<double> p = problem.Network.Parameters[1];
        double saved = p.Value[0];
        p.Value[0] = saved + Epsilon;
        problem.Network.Prepare();
        double plus = problem.Evaluate(null, out _, out _);
        p.Value[0] = saved - Epsilon;
        problem.Network.Prepare();
        double minus = problem.Evaluate(null, out _, out _);
        double numeric = (plus - minus) / (2 * Epsilon);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertClose(numeric, analytic[p.Index][0] * 1.01 + 1e-3, "perturbed"));
    }

    private static void CheckStateGradient(Problem problem, double[] state, double[] analytic, string label)
    {
        for (int i = 0; i < state.Length; i++)
        {
            double saved = state[i];
            state[i] = saved + Epsilon;
            double plus = problem.Evaluate(null, out _, out _);
            state[i] = saved - Epsilon;
            double minus = problem.Evaluate(null, out _, out _);
            state[i] = saved;
            AssertClose((plus - minus) / (2 * Epsilon), analytic[i], $"{label}[{i}]");
        }
    }

    private static void AssertClose(double numeric, double analytic, string what)
    {
        double tolerance = 1e-6 + (1e-5 * Math.Abs(numeric));
        if (Math.Abs(numeric - analytic) > tolerance)
        {
            Assert.Fail($"{what}: analytic {analytic:G9}, numeric {numeric:G9}");
        }
    }

    private sealed class Problem
    {
        private readonly GradientCheckCase _case;
        private readonly double[] _input;
        private readonly float[] _targets;
        private readonly int[] _labels;
        private readonly double[] _finalHWeights;
        private readonly double[] _finalCWeights;
        private readonly NetworkWorkspace<double> _workspace;

        public Problem(GradientCheckCase c)
        {
            _case = c;
            Network = new RecurrentNetwork<double>(c.Spec);
            var rng = new Pcg32(1234);
            foreach (Parameter<double> p in Network.Parameters)
            {
                Initializer.Fill<double>(p.Value, rng, 0.6);
            }

            NetworkSpec s = c.Spec;
            int cells = s.Layers * s.Directions;
            _input = Random(rng, c.Steps * c.Batch * s.InputSize, 1.0);
            int rows = c.Mode == OutputMode.EveryStep ? c.Steps * c.Batch : c.Batch;
            _targets = Random(rng, rows * s.OutputSize, 1.0).Select(v => c.Loss == LossKind.BinaryCrossEntropy ? (v > 0 ? 1f : 0f) : (float)v).ToArray();
            _labels = Enumerable.Range(0, rows).Select(_ => rng.NextInt(s.OutputSize)).ToArray();
            H0 = c.ExplicitInitialState ? Random(rng, cells * c.Batch * s.StateSize, 0.5) : [];
            C0 = c.ExplicitInitialState && s.Cell == CellKind.Lstm ? Random(rng, cells * c.Batch * s.HiddenSize, 0.5) : [];
            _finalHWeights = c.FinalStateTerms ? Random(rng, cells * c.Batch * s.StateSize, 1.0) : [];
            _finalCWeights = c.FinalStateTerms && s.Cell == CellKind.Lstm ? Random(rng, cells * c.Batch * s.HiddenSize, 1.0) : [];
            _workspace = Network.CreateWorkspace();
        }

        public RecurrentNetwork<double> Network { get; }

        public double[] H0 { get; }

        public double[] C0 { get; }

        /// <summary>Objective = mean loss + Σ Rh·h_n + Σ Rc·c_n; with gradients requested, also backpropagates.</summary>
        public double Evaluate(double[][]? gradients, out double[] dh0, out double[] dc0)
        {
            NetworkSpec s = _case.Spec;
            int[] lengths = _case.Lengths ?? [];
            Network.Forward(_workspace, _input, _case.Steps, _case.Batch, lengths, _case.Mode, H0, C0);
            int rows = _workspace.OutputRows;
            bool[] active = new bool[rows];
            int activeRows = 0;
            for (int r = 0; r < rows; r++)
            {
                active[r] = _case.Mode == OutputMode.LastStep || _workspace.IsActive(r / _case.Batch, r % _case.Batch);
                activeRows += active[r] ? 1 : 0;
            }

            double scale = 1.0 / (activeRows * Loss.TermsPerRow(_case.Loss, s.OutputSize));
            double[] dOut = new double[rows * s.OutputSize];
            double objective = Loss.Evaluate<double>(_case.Loss, _workspace.Output, rows, s.OutputSize, _targets, _labels, active, scale, dOut) * scale;
            objective += Dot(_workspace.FinalHidden, _finalHWeights) + Dot(_workspace.FinalCell, _finalCWeights);
            dh0 = [];
            dc0 = [];
            if (gradients is not null)
            {
                Network.Backward(_workspace, dOut, gradients, _finalHWeights, _finalCWeights, _case.ExplicitInitialState);
                dh0 = _workspace.InitialHiddenGradient.ToArray();
                dc0 = _workspace.InitialCellGradient.ToArray();
            }

            return objective;
        }

        private static double Dot(ReadOnlySpan<double> a, double[] w)
        {
            double sum = 0;
            for (int i = 0; i < w.Length; i++)
            {
                sum += a[i] * w[i];
            }

            return sum;
        }

        private static double[] Random(Pcg32 rng, int count, double bound)
        {
            double[] values = new double[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = rng.NextUniform(-bound, bound);
            }

            return values;
        }
    }
}
