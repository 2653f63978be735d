using System.CommandLine;
using Recurrent.Aot.Cli.Running;

namespace Recurrent.Aot.Cli.Commands;

/// <summary><c>recurrent run MODEL --input X.npy --output Y.npy ...</c>: DESIGN.md section 4.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The model: a .safetensors file with PyTorch state_dict names." };
        var input = new Option<string>("--input", "-i")
        {
            Description = "Input .npy (float32 or float64): (seq, batch, features), (batch, seq, features) with --batch-first, " +
                "or (seq, features) for one unbatched sequence. NaN and infinity are allowed and propagate into the results.",
            Required = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output .npy, shaped as torch.nn.LSTM/GRU/RNN return it: (seq, batch, directions*hidden), or the head's outputs when the model has one.",
            Required = true,
        };
        var h0 = new Option<string?>("--h0") { Description = "Initial hidden state .npy: (layers*directions, batch, hidden_out), or (batch, hidden_out) for a one-layer unidirectional model as nn.RNNCell/GRUCell/LSTMCell take it. Left out: the file's learned initial_h, else zeros." };
        var c0 = new Option<string?>("--c0") { Description = "Initial LSTM cell state .npy: (layers*directions, batch, hidden), or (batch, hidden) for a one-layer unidirectional model. Left out: the file's learned initial_c, else zeros." };
        var hn = new Option<string?>("--hn") { Description = "Write the final hidden state h_n here: (layers*directions, batch, hidden_out), or (batch, hidden_out) when --h0/--c0 came in that shape." };
        var cn = new Option<string?>("--cn") { Description = "Write the final LSTM cell state c_n here: (layers*directions, batch, hidden), or (batch, hidden) when --h0/--c0 came in that shape." };
        var module = new Option<string?>("--module")
        {
            Description = "Which recurrent module to run when the file holds several: its name prefix (lstm, encoder.rnn; a trailing dot is accepted).",
        };
        var cell = new Option<string?>("--cell") { Description = "Override the cell kind inferred from the shapes." };
        cell.AcceptOnlyFromAmong("lstm", "gru", "rnn");
        var nonlinearity = new Option<string?>("--nonlinearity") { Description = "The RNN nonlinearity (overrides recurrent.nonlinearity; default tanh)." };
        nonlinearity.AcceptOnlyFromAmong("tanh", "relu");
        var batchFirst = new Option<bool>("--batch-first") { Description = "The input and output are (batch, seq, features), as PyTorch's batch_first=True." };

        var command = new Command("run", "Run a recurrent model over a sequence, the way torch.nn.LSTM/GRU/RNN would.")
        {
            model, input, output, h0, c0, hn, cn, module, cell, nonlinearity, batchFirst,
        };
        command.SetAction(parse =>
        {
            var request = new RunRequest(
                parse.GetRequiredValue(model),
                parse.GetRequiredValue(input),
                parse.GetRequiredValue(output))
            {
                InitialHidden = parse.GetValue(h0),
                InitialCell = parse.GetValue(c0),
                FinalHidden = parse.GetValue(hn),
                FinalCell = parse.GetValue(cn),
                Module = parse.GetValue(module),
                Cell = parse.GetValue(cell),
                Nonlinearity = parse.GetValue(nonlinearity),
                BatchFirst = parse.GetValue(batchFirst),
            };
            parse.InvocationConfiguration.Output.WriteLine(RunJob.Execute(request));
            return CliApp.Success;
        });
        return command;
    }
}
