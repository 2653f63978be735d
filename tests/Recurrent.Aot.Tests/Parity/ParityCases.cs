namespace Recurrent.Aot.Tests.Parity;

/// <summary>
/// Every fixture the parity tests expect (tests/fixtures/README.md). Listed here rather than discovered,
/// so a missing file fails its case instead of silently shrinking the suite; a separate test fails on
/// files this list does not know.
/// </summary>
public static class ParityCases
{
    public const string PyTorch = "pytorch";
    public const string Reference = "reference";

    // Bidirectional cases cannot stream with Step; feedback cases (each input is the previous output)
    // also run through Generate. The loader checks both flags against the file.
    private static readonly ParityCase[] All =
    [
        Case(PyTorch + "/lstm_1layer"),
        Case(PyTorch + "/lstm_2layer_batch3_state"),
        Case(PyTorch + "/lstm_bidi", bidirectional: true),
        Case(PyTorch + "/lstm_bidi_2layer_state", bidirectional: true),
        Case(PyTorch + "/lstm_proj"),
        Case(PyTorch + "/lstm_proj_bidi", bidirectional: true),
        Case(PyTorch + "/lstm_batch_first"),
        Case(PyTorch + "/lstm_no_bias"),
        Case(PyTorch + "/lstm_odd_3x5"),
        Case(PyTorch + "/lstm_odd_17x33"),
        Case(PyTorch + "/lstm_saturated"),
        Case(PyTorch + "/lstm_long"),
        Case(PyTorch + "/lstm_cell"),
        Case(PyTorch + "/lstm_head_softmax"),
        Case(PyTorch + "/lstm_bf16_weights"),
        Case(PyTorch + "/lstm_proj_feedback", feedback: true),
        Case(PyTorch + "/lstm_head_feedback", feedback: true),
        Case(PyTorch + "/gru_1layer"),
        Case(PyTorch + "/gru_2layer_batch2_state"),
        Case(PyTorch + "/gru_bidi", bidirectional: true),
        Case(PyTorch + "/gru_bidi_2layer", bidirectional: true),
        Case(PyTorch + "/gru_batch_first"),
        Case(PyTorch + "/gru_no_bias"),
        Case(PyTorch + "/gru_odd_17x33"),
        Case(PyTorch + "/gru_saturated"),
        Case(PyTorch + "/gru_long"),
        Case(PyTorch + "/gru_cell"),
        Case(PyTorch + "/gru_f16_weights", bidirectional: true),
        Case(PyTorch + "/rnn_tanh_1layer"),
        Case(PyTorch + "/rnn_tanh_bidi_2layer_state", bidirectional: true),
        Case(PyTorch + "/rnn_tanh_odd_3x5"),
        Case(PyTorch + "/rnn_tanh_saturated"),
        Case(PyTorch + "/rnn_tanh_cell"),
        Case(PyTorch + "/rnn_tanh_feedback", feedback: true),
        Case(PyTorch + "/rnn_relu_1layer"),
        Case(PyTorch + "/rnn_relu_bidi_2layer", bidirectional: true),
        Case(PyTorch + "/rnn_relu_no_bias_state"),
        Case(PyTorch + "/rnn_relu_cell"),
        Case(Reference + "/lstm_peephole"),
        Case(Reference + "/lstm_peephole_bidi_2layer", bidirectional: true),
        Case(Reference + "/lstm_peephole_proj"),
        Case(Reference + "/lstm_hard_sigmoid"),
        Case(Reference + "/lstm_relu_candidate"),
        Case(Reference + "/lstm_tanh_gates_sigmoid_candidate"),
        Case(Reference + "/lstm_clip"),
        Case(Reference + "/lstm_input_forget"),
        Case(Reference + "/lstm_all_options", bidirectional: true),
        Case(Reference + "/gru_reset_before"),
        Case(Reference + "/gru_reset_before_bidi_2layer", bidirectional: true),
        Case(Reference + "/gru_hard_sigmoid_relu"),
        Case(Reference + "/gru_clip"),
        Case(Reference + "/gru_reset_before_clip_no_bias"),
        Case(Reference + "/rnn_hard_sigmoid"),
        Case(Reference + "/rnn_relu_clip"),
    ];

    /// <summary>Case ids ("source/name") of every expected fixture.</summary>
    public static IEnumerable<string> Ids => All.Select(c => c.Id);

    public static bool IsBidirectional(string id) => Find(id).Bidirectional;

    public static bool IsFeedback(string id) => Find(id).Feedback;

    public static TheoryData<string> Every() => new(Ids);

    public static TheoryData<string> Unidirectional() => new(All.Where(c => !c.Bidirectional).Select(c => c.Id));

    public static TheoryData<string> Feedback() => new(All.Where(c => c.Feedback).Select(c => c.Id));

    /// <summary>The folder the fixtures are copied to next to the test assembly.</summary>
    public static string FixturesDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures");

    public static string PathOf(string id) => Path.Combine(FixturesDirectory, id.Replace('/', Path.DirectorySeparatorChar) + ".safetensors");

    private static ParityCase Case(string id, bool bidirectional = false, bool feedback = false) => new(id, bidirectional, feedback);

    private static ParityCase Find(string id) =>
        All.FirstOrDefault(c => c.Id == id)
        ?? throw new ArgumentException($"'{id}' is not a known parity case; expected one of ParityCases.Ids.", nameof(id));

    private sealed record ParityCase(string Id, bool Bidirectional, bool Feedback);
}
