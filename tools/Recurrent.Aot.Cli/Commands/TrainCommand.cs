using System.CommandLine;

namespace Recurrent.Aot.Cli.Commands;

/// <summary>
/// <c>recurrent train (--data FILE | --task NAME) -o MODEL [...]</c>: trains a recurrent network with a dense
/// head in C# and exports it as safetensors the runtime and the generator load unchanged.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Where to write the trained model (.safetensors).", Required = true };
        var data = new Option<string?>("--data") { Description = "Training data: a CSV file (one sequence per line: target(s), then inputs step by step) or a .npy of inputs (count, steps, features)." };
        var targets = new Option<string?>("--targets") { Description = "With .npy data: labels (count) or (count, steps), or targets (count, width) or (count, steps, width)." };
        var task = new Option<string?>("--task") { Description = "A built-in task instead of data: binary-addition (bits in, sum bits out) or recall (remember a symbol across --gap steps)." };
        task.AcceptOnlyFromAmong(TrainDataLoader.BinaryAddition, TrainDataLoader.Recall);
        var validation = new Option<string?>("--validation") { Description = "Validation data in the same format (default: hold out --validation-split of the training data)." };
        var validationTargets = new Option<string?>("--validation-targets") { Description = "Targets of .npy validation data." };
        var split = new Option<double>("--validation-split") { Description = "Fraction of the training data held out for validation when no --validation is given.", DefaultValueFactory = _ => 0.2 };
        var features = new Option<int>("--features") { Description = "CSV: input features per step.", DefaultValueFactory = _ => 1 };
        var classes = new Option<int?>("--classes") { Description = "Number of classes (default: largest label + 1); labels outside [0, classes) are an error." };
        var targetWidth = new Option<int>("--target-width") { Description = "CSV with mse/bce: target values per target step.", DefaultValueFactory = _ => 1 };
        var outputMode = new Option<string>("--output-mode") { Description = "last: one target per sequence (N→1); every: one per step (N→N, shorter sequences padded and masked).", DefaultValueFactory = _ => "last" };
        outputMode.AcceptOnlyFromAmong("last", "every");
        var loss = new Option<string>("--loss") { Description = "cross-entropy (class labels), mse (real targets) or bce (0/1 targets).", DefaultValueFactory = _ => "cross-entropy" };
        loss.AcceptOnlyFromAmong("cross-entropy", "mse", "bce");
        var taskSize = new Option<int>("--task-size") { Description = "Built-in task: training sequences (validation gets a fifth as many).", DefaultValueFactory = _ => 2000 };
        var gap = new Option<int>("--gap") { Description = "recall task: steps between the symbol and the recall marker.", DefaultValueFactory = _ => 20 };
        var bits = new Option<int>("--bits") { Description = "binary-addition task: bits per operand.", DefaultValueFactory = _ => 8 };

        var cell = new Option<string>("--cell") { Description = "The recurrent cell.", DefaultValueFactory = _ => "lstm" };
        cell.AcceptOnlyFromAmong("lstm", "gru", "rnn");
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer and direction.", DefaultValueFactory = _ => 32 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers.", DefaultValueFactory = _ => 1 };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Add a reverse direction to every layer." };
        var projSize = new Option<int>("--proj-size") { Description = "LSTM projection size (0 = none)." };
        var peepholes = new Option<bool>("--peepholes") { Description = "LSTM peephole connections." };
        var nonlinearity = new Option<string>("--nonlinearity") { Description = "RNN activation.", DefaultValueFactory = _ => "tanh" };
        nonlinearity.AcceptOnlyFromAmong("tanh", "relu");
        var gruReset = new Option<string>("--gru-reset") { Description = "GRU reset convention: after (PyTorch) or before (original GRU).", DefaultValueFactory = _ => "after" };
        gruReset.AcceptOnlyFromAmong("after", "before");
        var gateActivation = new Option<string?>("--gate-activation") { Description = "LSTM gates i, f, o and GRU gates r, z (Keras recurrent_activation): sigmoid (default), hard_sigmoid, tanh or relu." };
        var candidateActivation = new Option<string?>("--candidate-activation") { Description = "LSTM candidate g and GRU candidate n (Keras activation): tanh (default), sigmoid, hard_sigmoid or relu." };
        var cellActivation = new Option<string?>("--cell-activation") { Description = "LSTM only: h in h' = o * h(c') (Keras activation sets this and the candidate): tanh (default), sigmoid, hard_sigmoid or relu." };
        foreach (Option<string?> activation in new[] { gateActivation, candidateActivation, cellActivation })
        {
            // Not AcceptOnlyFromAmong: its error does not say which of the three options was wrong.
            activation.CompletionSources.Add(TrainJob.ActivationNames);
            activation.Validators.Add(result =>
            {
                string? value = result.GetValueOrDefault<string?>();
                if (value is not null && !TrainJob.ActivationNames.Contains(value, StringComparer.Ordinal))
                {
                    result.AddError($"{result.Option.Name} must be one of {string.Join(", ", TrainJob.ActivationNames)}; got '{value}'");
                }
            });
        }

        var learnInitialState = new Option<bool>("--learn-initial-state") { Description = "Learn the initial hidden (and cell) state instead of starting from zeros." };
        var forgetBias = new Option<double?>("--forget-bias") { Description = "Initial bias of the gate that keeps memory (LSTM forget, GRU update)." };
        var module = new Option<string>("--module") { Description = "Tensor name prefix of the recurrent module in the exported file.", DefaultValueFactory = _ => "rnn" };
        var head = new Option<string>("--head") { Description = "Tensor name prefix of the dense head.", DefaultValueFactory = _ => "head" };

        var optimizer = new Option<string>("--optimizer") { Description = "adam, adamw (decoupled weight decay) or sgd (with --momentum).", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong("adam", "adamw", "sgd");
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 1e-3 };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => 0.9 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Weight decay (L2 for adam and sgd, decoupled for adamw)." };
        var clip = new Option<double>("--clip") { Description = "Clip gradients to this global norm (0 = off).", DefaultValueFactory = _ => 1.0 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs to train.", DefaultValueFactory = _ => 20 };
        var batchSize = new Option<int>("--batch-size") { Description = "Sequences per mini-batch.", DefaultValueFactory = _ => 32 };
        var shardSize = new Option<int>("--shard-size") { Description = "Sequences per parallel shard (results depend on it, not on the core count).", DefaultValueFactory = _ => 16 };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a better validation loss (0 = never); the best epoch's weights are exported." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, shuffling and the validation split.", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int>("--threads") { Description = "Cores to use (-1 = all).", DefaultValueFactory = _ => -1 };

        var metrics = new Option<string?>("--metrics") { Description = "Write per-epoch loss and accuracy as CSV." };
        var plot = new Option<string?>("--plot") { Description = "Write the loss curves as SVG." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save a checkpoint (weights and optimizer state) after every epoch." };
        var resume = new Option<string?>("--resume") { Description = "Resume from a checkpoint written by --checkpoint." };

        var command = new Command("train", "Train a recurrent network (backpropagation through time) and export it as safetensors.")
        {
            output, data, targets, task, validation, validationTargets, split, features, classes, targetWidth, outputMode, loss, taskSize, gap, bits,
            cell, hidden, layers, bidirectional, projSize, peepholes, nonlinearity, gruReset, gateActivation, candidateActivation, cellActivation, learnInitialState, forgetBias, module, head,
            optimizer, lr, momentum, weightDecay, clip, epochs, batchSize, shardSize, patience, seed, threads,
            metrics, plot, checkpoint, resume,
        };
        command.SetAction(parse => TrainJob.Execute(
            new TrainSettings
            {
                Output = parse.GetRequiredValue(output),
                Data = parse.GetValue(data),
                Targets = parse.GetValue(targets),
                Task = parse.GetValue(task),
                Validation = parse.GetValue(validation),
                ValidationTargets = parse.GetValue(validationTargets),
                ValidationSplit = parse.GetValue(split),
                Features = parse.GetValue(features),
                Classes = parse.GetValue(classes),
                TargetWidth = parse.GetValue(targetWidth),
                OutputMode = parse.GetValue(outputMode)!,
                Loss = parse.GetValue(loss)!,
                TaskSize = parse.GetValue(taskSize),
                Gap = parse.GetValue(gap),
                Bits = parse.GetValue(bits),
                Cell = parse.GetValue(cell)!,
                Hidden = parse.GetValue(hidden),
                Layers = parse.GetValue(layers),
                Bidirectional = parse.GetValue(bidirectional),
                ProjSize = parse.GetValue(projSize),
                Peepholes = parse.GetValue(peepholes),
                Nonlinearity = parse.GetValue(nonlinearity)!,
                GruReset = parse.GetValue(gruReset)!,
                GateActivation = parse.GetValue(gateActivation),
                CandidateActivation = parse.GetValue(candidateActivation),
                CellActivation = parse.GetValue(cellActivation),
                LearnInitialState = parse.GetValue(learnInitialState),
                ForgetBias = parse.GetValue(forgetBias),
                Module = parse.GetValue(module)!,
                Head = parse.GetValue(head)!,
                Optimizer = parse.GetValue(optimizer)!,
                LearningRate = parse.GetValue(lr),
                Momentum = parse.GetValue(momentum),
                WeightDecay = parse.GetValue(weightDecay),
                Clip = parse.GetValue(clip),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                ShardSize = parse.GetValue(shardSize),
                Patience = parse.GetValue(patience),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                Metrics = parse.GetValue(metrics),
                Plot = parse.GetValue(plot),
                Checkpoint = parse.GetValue(checkpoint),
                Resume = parse.GetValue(resume),
            },
            parse.InvocationConfiguration.Output));
        return command;
    }
}
