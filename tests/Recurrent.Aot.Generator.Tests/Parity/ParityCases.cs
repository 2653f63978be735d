using Recurrent.Aot.Generator.Tests.Support;

namespace Recurrent.Aot.Generator.Tests.Parity;

/// <summary>Which fixtures the generated code runs, which it must refuse, and shape-only declarations for some.</summary>
internal static class ParityCases
{
    /// <summary>Fixtures embedded with [RecurrentModel] and run (PyTorch and numpy-reference cases the generator supports).</summary>
    public static readonly string[] Embedded =
    {
        "pytorch/gru_1layer", "pytorch/gru_2layer_batch2_state", "pytorch/gru_batch_first", "pytorch/gru_bidi",
        "pytorch/gru_bidi_2layer", "pytorch/gru_cell", "pytorch/gru_f16_weights", "pytorch/gru_long", "pytorch/gru_no_bias",
        "pytorch/gru_odd_17x33", "pytorch/gru_saturated", "pytorch/lstm_1layer", "pytorch/lstm_2layer_batch3_state",
        "pytorch/lstm_batch_first", "pytorch/lstm_bf16_weights", "pytorch/lstm_bidi", "pytorch/lstm_bidi_2layer_state",
        "pytorch/lstm_cell", "pytorch/lstm_head_feedback", "pytorch/lstm_head_softmax", "pytorch/lstm_long", "pytorch/lstm_no_bias",
        "pytorch/lstm_odd_17x33", "pytorch/lstm_odd_3x5", "pytorch/lstm_proj", "pytorch/lstm_proj_bidi", "pytorch/lstm_proj_feedback",
        "pytorch/lstm_saturated", "pytorch/rnn_relu_1layer", "pytorch/rnn_relu_bidi_2layer", "pytorch/rnn_relu_cell",
        "pytorch/rnn_relu_no_bias_state", "pytorch/rnn_tanh_1layer", "pytorch/rnn_tanh_bidi_2layer_state",
        "pytorch/rnn_tanh_cell", "pytorch/rnn_tanh_feedback", "pytorch/rnn_tanh_odd_3x5", "pytorch/rnn_tanh_saturated",
        "reference/gru_hard_sigmoid_relu", "reference/gru_reset_before", "reference/gru_reset_before_bidi_2layer",
        "reference/lstm_hard_sigmoid", "reference/lstm_relu_candidate", "reference/lstm_tanh_gates_sigmoid_candidate",
        "reference/rnn_hard_sigmoid",
    };

    /// <summary>Options only the runtime's generic model runs (peepholes, clip, input_forget): the generator reports RAOT004.</summary>
    public static readonly string[] Unsupported =
    {
        "reference/gru_clip", "reference/gru_reset_before_clip_no_bias", "reference/lstm_all_options", "reference/lstm_clip",
        "reference/lstm_input_forget", "reference/lstm_peephole", "reference/lstm_peephole_bidi_2layer",
        "reference/lstm_peephole_proj", "reference/rnn_relu_clip",
    };

    /// <summary>
    /// 1→N fixtures: each input after the first is the previous step's output (PyTorch fed its own outputs back), so
    /// Generate from the first input must retrace the whole fixture. They are in <see cref="Embedded"/> too.
    /// </summary>
    public static readonly string[] Feedback =
    {
        "pytorch/lstm_head_feedback", "pytorch/lstm_proj_feedback", "pytorch/rnn_tanh_feedback",
    };

    /// <summary>Shape-only declarations whose weights are loaded from the fixture at run time.</summary>
    public static readonly (string Case, string Attribute)[] ShapeOnly =
    {
        ("pytorch/lstm_2layer_batch3_state", "[Lstm(InputSize = 4, HiddenSize = 6, Layers = 2)]"),
        ("pytorch/lstm_no_bias", "[Lstm(InputSize = 4, HiddenSize = 6, Layers = 2, HasBias = false)]"),
        ("pytorch/lstm_odd_17x33", "[Lstm(InputSize = 17, HiddenSize = 33)]"),
        ("pytorch/lstm_proj", "[Lstm(InputSize = 4, HiddenSize = 7, Layers = 2, ProjSize = 3)]"),
        ("pytorch/lstm_proj_bidi", "[Lstm(InputSize = 4, HiddenSize = 6, Layers = 2, Bidirectional = true, ProjSize = 4)]"),
        ("pytorch/lstm_head_softmax", "[Lstm(InputSize = 4, HiddenSize = 6, Layers = 2, HeadSize = 5, HeadActivation = RecurrentHeadActivation.Softmax)]"),
        ("pytorch/gru_bidi_2layer", "[Gru(InputSize = 4, HiddenSize = 6, Layers = 2, Bidirectional = true)]"),
        ("pytorch/gru_odd_17x33", "[Gru(InputSize = 17, HiddenSize = 33)]"),
        ("reference/gru_reset_before", "[Gru(InputSize = 4, HiddenSize = 6, Reset = RecurrentGruResetMode.BeforeMatmul)]"),
        ("pytorch/rnn_relu_bidi_2layer", "[Rnn(InputSize = 4, HiddenSize = 6, Layers = 2, Bidirectional = true, Nonlinearity = RecurrentActivation.Relu)]"),
        ("pytorch/lstm_head_feedback", "[Lstm(InputSize = 4, HiddenSize = 6, HeadSize = 4, HeadActivation = RecurrentHeadActivation.Softmax)]"),
        ("pytorch/lstm_proj_feedback", "[Lstm(InputSize = 3, HiddenSize = 7, Layers = 2, ProjSize = 3)]"),
        ("pytorch/rnn_tanh_feedback", "[Rnn(InputSize = 6, HiddenSize = 6)]"),
    };

    /// <summary>Whether the generated model has Generate: the rule of ApiEmitter.CanGenerate, from the fixture's sizes.</summary>
    public static bool Generates(FixtureCase fixture) => !fixture.Bidirectional && fixture.OutputSize == fixture.InputSize;

    public static string Id(string fixtureCase) => fixtureCase.Replace('/', '_');
}
