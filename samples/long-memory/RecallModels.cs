namespace LongMemory;

/// <summary>Runs a whole sequence from the model's initial state and writes the class probabilities of its last step (N→1).</summary>
public delegate void RunLast(ReadOnlySpan<float> inputs, Span<float> probabilities);

public sealed record RecallModel(string Cell, int Gap, RunLast Run);

/// <summary>The twelve embedded models behind one signature (lambdas capture nothing: one cached delegate each).</summary>
public static class RecallModels
{
    public static readonly string[] Cells = ["RNN", "LSTM", "GRU"];

    public static readonly int[] Gaps = [5, 10, 20, 50];

    public static RecallModel[] Create() =>
    [
        new("RNN", 5, static (x, y) => { var s = RnnGap5.InitialState; RnnGap5.RunLast(x, ref s, y); }),
        new("RNN", 10, static (x, y) => { var s = RnnGap10.InitialState; RnnGap10.RunLast(x, ref s, y); }),
        new("RNN", 20, static (x, y) => { var s = RnnGap20.InitialState; RnnGap20.RunLast(x, ref s, y); }),
        new("RNN", 50, static (x, y) => { var s = RnnGap50.InitialState; RnnGap50.RunLast(x, ref s, y); }),
        new("LSTM", 5, static (x, y) => { var s = LstmGap5.InitialState; LstmGap5.RunLast(x, ref s, y); }),
        new("LSTM", 10, static (x, y) => { var s = LstmGap10.InitialState; LstmGap10.RunLast(x, ref s, y); }),
        new("LSTM", 20, static (x, y) => { var s = LstmGap20.InitialState; LstmGap20.RunLast(x, ref s, y); }),
        new("LSTM", 50, static (x, y) => { var s = LstmGap50.InitialState; LstmGap50.RunLast(x, ref s, y); }),
        new("GRU", 5, static (x, y) => { var s = GruGap5.InitialState; GruGap5.RunLast(x, ref s, y); }),
        new("GRU", 10, static (x, y) => { var s = GruGap10.InitialState; GruGap10.RunLast(x, ref s, y); }),
        new("GRU", 20, static (x, y) => { var s = GruGap20.InitialState; GruGap20.RunLast(x, ref s, y); }),
        new("GRU", 50, static (x, y) => { var s = GruGap50.InitialState; GruGap50.RunLast(x, ref s, y); }),
    ];

    /// <summary>Index of the largest value.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
