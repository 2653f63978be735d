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

    // Bidirectional cases cannot stream with Step; the loader checks this flag against the file.
    private static readonly (string Id, bool Bidirectional)[] All =
    [
        (PyTorch + "/lstm_1layer", false),
        (PyTorch + "/lstm_2layer_batch3_state", false),
        (PyTorch + "/lstm_bidi", true),
        (PyTorch + "/lstm_bidi_2layer_state", true),
        (PyTorch + "/lstm_proj", false),
        (PyTorch + "/lstm_proj_bidi", true),
        (PyTorch + "/lstm_batch_first", false),
        (PyTorch + "/lstm_no_bias", false),
        (PyTorch + "/lstm_odd_3x5", false),
        (PyTorch + "/lstm_odd_17x33", false),
        (PyTorch + "/lstm_saturated", false),
        (PyTorch + "/lstm_long", false),
        (PyTorch + "/lstm_cell", false),
        (PyTorch + "/lstm_head_softmax", false),
        (PyTorch + "/gru_1layer", false),
        (PyTorch + "/gru_2layer_batch2_state", false),
        (PyTorch + "/gru_bidi", true),
        (PyTorch + "/gru_bidi_2layer", true),
        (PyTorch + "/gru_batch_first", false),
        (PyTorch + "/gru_no_bias", false),
        (PyTorch + "/gru_odd_17x33", false),
        (PyTorch + "/gru_saturated", false),
        (PyTorch + "/gru_long", false),
        (PyTorch + "/gru_cell", false),
        (PyTorch + "/rnn_tanh_1layer", false),
        (PyTorch + "/rnn_tanh_bidi_2layer_state", true),
        (PyTorch + "/rnn_tanh_odd_3x5", false),
        (PyTorch + "/rnn_tanh_saturated", false),
        (PyTorch + "/rnn_tanh_cell", false),
        (PyTorch + "/rnn_relu_1layer", false),
        (PyTorch + "/rnn_relu_bidi_2layer", true),
        (PyTorch + "/rnn_relu_no_bias_state", false),
        (PyTorch + "/rnn_relu_cell", false),
        (Reference + "/lstm_peephole", false),
        (Reference + "/lstm_peephole_bidi_2layer", true),
        (Reference + "/lstm_peephole_proj", false),
        (Reference + "/lstm_hard_sigmoid", false),
        (Reference + "/lstm_relu_candidate", false),
        (Reference + "/lstm_tanh_gates_sigmoid_candidate", false),
        (Reference + "/lstm_clip", false),
        (Reference + "/lstm_input_forget", false),
        (Reference + "/lstm_all_options", true),
        (Reference + "/gru_reset_before", false),
        (Reference + "/gru_reset_before_bidi_2layer", true),
        (Reference + "/gru_hard_sigmoid_relu", false),
        (Reference + "/gru_clip", false),
        (Reference + "/gru_reset_before_clip_no_bias", false),
        (Reference + "/rnn_hard_sigmoid", false),
        (Reference + "/rnn_relu_clip", false),
    ];

    /// <summary>Case ids ("source/name") of every expected fixture.</summary>
    public static IEnumerable<string> Ids => All.Select(c => c.Id);

    public static bool IsBidirectional(string id)
    {
        foreach (var (caseId, bidirectional) in All)
        {
            if (caseId == id)
            {
                return bidirectional;
            }
        }

        throw new ArgumentException($"'{id}' is not a known parity case; expected one of ParityCases.Ids.", nameof(id));
    }

    public static TheoryData<string> Every() => new(Ids);

    public static TheoryData<string> Unidirectional() => new(All.Where(c => !c.Bidirectional).Select(c => c.Id));

    /// <summary>The folder the fixtures are copied to next to the test assembly.</summary>
    public static string FixturesDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures");

    public static string PathOf(string id) => Path.Combine(FixturesDirectory, id.Replace('/', Path.DirectorySeparatorChar) + ".safetensors");
}
