using System.Globalization;
using Recurrent.Aot.Training.Cells;
using Recurrent.Aot.Training.Data;
using Recurrent.Aot.Training.Export;
using Recurrent.Aot.Training.Losses;
using Recurrent.Aot.Training.Network;
using Recurrent.Aot.Training.Optimizers;
using Recurrent.Aot.Training.Reporting;
using Recurrent.Aot.Training.Training;

namespace Recurrent.Aot.Cli.Commands;

/// <summary>Runs <c>recurrent train</c>: data → network → epochs (with progress) → model, metrics CSV and loss plot.</summary>
internal static class TrainJob
{
    /// <summary>The activation names <c>--gate-activation</c>, <c>--candidate-activation</c> and <c>--cell-activation</c> accept (those of the file format).</summary>
    public static readonly string[] ActivationNames = ["sigmoid", "hard_sigmoid", "tanh", "relu"];

    public static int Execute(TrainSettings requested, TextWriter output)
    {
        // Out-of-range settings surface from the library as ArgumentException: report them as bad input.
        try
        {
            return Train(TrainTaskDefaults.Apply(requested), output);
        }
        catch (DataFormatException e)
        {
            throw new CliInputException(e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new CliInputException(e.Message, e);
        }
    }

    private static int Train(TrainSettings s, TextWriter output)
    {
        (List<SequenceExample> train, List<SequenceExample> validation) = TrainDataLoader.Load(s);
        if (train.Count == 0)
        {
            throw new CliInputException("no training sequences left after holding out the validation split");
        }

        LossKind loss = LossOf(s.Loss);
        NetworkSpec spec = Spec(s, train, validation, loss);
        var network = new RecurrentNetwork<float>(spec);
        Initializer.InitializeDefault(network, s.Seed, s.ForgetBias);
        var model = new SequenceModel<float>(network, loss, s.OutputMode == "every" ? OutputMode.EveryStep : OutputMode.LastStep);
        Optimizer<float> optimizer = CreateOptimizer(s, model);
        var trainer = new Trainer<float>(model, optimizer, new TrainerOptions
        {
            BatchSize = Positive(s.BatchSize, "--batch-size"),
            ShardSize = Positive(s.ShardSize, "--shard-size"),
            ClipNorm = s.Clip,
            MaxDegreeOfParallelism = s.Threads,
            Seed = s.Seed,
        });

        Dictionary<string, string> metadata = ModelExporter.Metadata(spec);
        int firstEpoch = 0;
        if (s.Resume is not null)
        {
            firstEpoch = Checkpoint.Load(s.Resume, model.Parameters, optimizer) + 1;
            model.Prepare();
        }

        var loop = new FitLoop<float>(trainer, new FitOptions
        {
            Epochs = Positive(s.Epochs, "--epochs"),
            Patience = s.Patience,
            CheckpointPath = s.Checkpoint,
            CheckpointMetadata = metadata,
        });

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"training {spec.Cell.ToString().ToLowerInvariant()} (hidden {spec.HiddenSize}, {spec.Layers} layer(s){(spec.Bidirectional ? ", bidirectional" : string.Empty)}{ActivationsText(s)}) on {train.Count} sequences, validating on {validation.Count}; {network.Parameters.ScalarCount} parameters"));
        IReadOnlyList<EpochMetrics> history = TrainProgress.Run(output, loop, train, validation, firstEpoch, s.Epochs);

        if (history.Count == 0)
        {
            throw new CliInputException($"nothing to train: the checkpoint is already at epoch {firstEpoch - 1} of --epochs {s.Epochs}");
        }

        ModelExporter.Save(network, s.Output, new Dictionary<string, string>
        {
            ["train.best_epoch"] = loop.BestEpoch.ToString(CultureInfo.InvariantCulture),
            ["train.seed"] = s.Seed.ToString(CultureInfo.InvariantCulture),
        });
        if (s.Metrics is not null)
        {
            MetricsCsvWriter.Save(s.Metrics, history);
        }

        if (s.Plot is not null)
        {
            LossCurvePlot.Save(s.Plot, history, $"{spec.Cell.ToString().ToLowerInvariant()} {s.Task ?? Path.GetFileName(s.Data)}: {s.Loss} loss");
        }

        EpochMetrics best = history.First(m => m.Epoch == loop.BestEpoch);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(loop.StoppedEarly ? "stopped early; " : string.Empty)}best epoch {best.Epoch + 1}: {(best.HasValidation ? $"validation loss {best.ValidationLoss:G4}" : $"train loss {best.TrainLoss:G4}")}{Accuracy(best)}; wrote {s.Output}"));
        return CliApp.Success;
    }

    private static NetworkSpec Spec(TrainSettings s, List<SequenceExample> train, List<SequenceExample> validation, LossKind loss)
    {
        int inputSize = train[0].InputSize;
        int outputs;
        if (loss == LossKind.SoftmaxCrossEntropy)
        {
            int maxLabel = train.Concat(validation).Max(e => e.Labels is null ? -1 : e.Labels.Max());
            outputs = s.Classes ?? Math.Max(2, maxLabel + 1);
        }
        else
        {
            outputs = train[0].TargetWidth;
        }

        CellKind cell = CellOf(s.Cell);
        CheckActivationsApply(s, cell);
        return new NetworkSpec(cell, inputSize, Positive(s.Hidden, "--hidden"))
        {
            Layers = Positive(s.Layers, "--layers"),
            Bidirectional = s.Bidirectional,
            ProjSize = s.ProjSize,
            Peepholes = s.Peepholes,
            Nonlinearity = s.Nonlinearity == "relu" ? Activation.Relu : Activation.Tanh,
            GruReset = s.GruReset == "before" ? GruResetMode.BeforeMatmul : GruResetMode.AfterMatmul,
            GateActivation = ActivationOf(s.GateActivation, Activation.Sigmoid, "--gate-activation"),
            CandidateActivation = ActivationOf(s.CandidateActivation, Activation.Tanh, "--candidate-activation"),
            CellActivation = ActivationOf(s.CellActivation, Activation.Tanh, "--cell-activation"),
            HeadSize = outputs,
            HeadActivation = loss switch
            {
                LossKind.SoftmaxCrossEntropy => HeadActivation.Softmax,
                LossKind.BinaryCrossEntropy => HeadActivation.Sigmoid,
                _ => HeadActivation.None,
            },
            LearnInitialState = s.LearnInitialState,
            ModuleName = s.Module,
            HeadName = s.Head,
        };
    }

    private static Optimizer<float> CreateOptimizer(TrainSettings s, SequenceModel<float> model)
    {
        if (s.LearningRate <= 0)
        {
            throw new CliInputException($"--lr must be positive, got {s.LearningRate}");
        }

        return s.Optimizer switch
        {
            "sgd" => new SgdOptimizer<float>(model.Parameters, s.LearningRate, s.Momentum, s.WeightDecay),
            "adamw" => new AdamOptimizer<float>(model.Parameters, s.LearningRate, weightDecay: s.WeightDecay, decoupledWeightDecay: true),
            _ => new AdamOptimizer<float>(model.Parameters, s.LearningRate, weightDecay: s.WeightDecay),
        };
    }

    /// <summary>The activations asked for, if any: ", gates hard_sigmoid, candidate relu, cell relu".</summary>
    private static string ActivationsText(TrainSettings s)
    {
        var parts = new List<string>();
        if (s.GateActivation is not null)
        {
            parts.Add("gates " + s.GateActivation);
        }

        if (s.CandidateActivation is not null)
        {
            parts.Add("candidate " + s.CandidateActivation);
        }

        if (s.CellActivation is not null)
        {
            parts.Add("cell " + s.CellActivation);
        }

        return parts.Count == 0 ? string.Empty : ", " + string.Join(", ", parts);
    }

    /// <summary>Refuses an activation option the cell does not have, naming the option and the cell.</summary>
    private static void CheckActivationsApply(TrainSettings s, CellKind cell)
    {
        if (cell == CellKind.Rnn)
        {
            string? given = s.GateActivation is not null ? "--gate-activation"
                : s.CandidateActivation is not null ? "--candidate-activation"
                : s.CellActivation is not null ? "--cell-activation"
                : null;
            if (given is not null)
            {
                throw new CliInputException($"{given} applies to lstm and gru cells; an rnn has no gates and takes its activation from --nonlinearity (tanh or relu)");
            }
        }

        if (cell == CellKind.Gru && s.CellActivation is not null)
        {
            throw new CliInputException("--cell-activation applies to lstm cells only (h' = o * h(c')); a gru has no cell state (its candidate activation is --candidate-activation)");
        }
    }

    private static Activation ActivationOf(string? name, Activation fallback, string option) => name switch
    {
        null => fallback,
        "sigmoid" => Activation.Sigmoid,
        "hard_sigmoid" => Activation.HardSigmoid,
        "tanh" => Activation.Tanh,
        "relu" => Activation.Relu,
        _ => throw new CliInputException($"{option} must be one of {string.Join(", ", ActivationNames)}, got '{name}'"),
    };

    private static CellKind CellOf(string name) => name switch
    {
        "rnn" => CellKind.Rnn,
        "gru" => CellKind.Gru,
        _ => CellKind.Lstm,
    };

    private static LossKind LossOf(string name) => name switch
    {
        "mse" => LossKind.MeanSquaredError,
        "bce" => LossKind.BinaryCrossEntropy,
        _ => LossKind.SoftmaxCrossEntropy,
    };

    private static int Positive(int value, string option) =>
        value > 0 ? value : throw new CliInputException($"{option} must be positive, got {value}");

    private static string Accuracy(EpochMetrics m)
    {
        double accuracy = m.HasValidation ? m.ValidationAccuracy : m.TrainAccuracy;
        return double.IsNaN(accuracy) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", accuracy {accuracy:P1}");
    }
}
