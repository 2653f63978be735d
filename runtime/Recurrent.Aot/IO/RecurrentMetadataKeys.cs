namespace Recurrent.Aot.IO;

/// <summary>
/// The <c>__metadata__</c> keys of a safetensors weights file (docs/file-format.md). Every key is optional;
/// load options and the command line override it. These strings are the file format: exported files carry
/// them, so they never change. The generator compiles this same file as a linked source.
/// </summary>
#if NETSTANDARD2_0
// Internal in the generator: a public copy there would clash with the runtime's type in any compilation that references both.
internal static class RecurrentMetadataKeys
#else
public static class RecurrentMetadataKeys
#endif
{
    /// <summary>The cell kind: <c>lstm</c>, <c>gru</c> or <c>rnn</c>; inferred from the tensor shapes when absent.</summary>
    public const string Cell = "recurrent.cell";

    /// <summary>An RNN's nonlinearity: <c>tanh</c> (default) or <c>relu</c>.</summary>
    public const string Nonlinearity = "recurrent.nonlinearity";

    /// <summary>Where a GRU applies its reset gate: <c>after</c> the recurrent matmul (PyTorch, default) or <c>before</c> it (original GRU).</summary>
    public const string GruReset = "recurrent.gru_reset";

    /// <summary>The gate activation (ONNX f: LSTM i, f, o; GRU r, z): one of <see cref="Accepted.Activations"/>; default <c>sigmoid</c>.</summary>
    public const string GateActivation = "recurrent.gate_activation";

    /// <summary>The candidate activation (ONNX g: LSTM g; GRU n; RNN: the nonlinearity), same set as the gates; default <c>tanh</c>.</summary>
    public const string CandidateActivation = "recurrent.candidate_activation";

    /// <summary>The LSTM output activation (ONNX h: h' = o ⊙ h(c')), same set as the gates; default <c>tanh</c>.</summary>
    public const string CellActivation = "recurrent.cell_activation";

    /// <summary>α of the gate activation (invariant-culture float); absent for the ONNX default (hard_sigmoid 0.2, leaky_relu 0.01, thresholded_relu 1, elu 1; affine and scaled_tanh need it).</summary>
    public const string GateActivationAlpha = "recurrent.gate_activation_alpha";

    /// <summary>β of the gate activation; absent for the ONNX default (hard_sigmoid 0.5; affine and scaled_tanh need it).</summary>
    public const string GateActivationBeta = "recurrent.gate_activation_beta";

    /// <summary>α of the candidate activation, as <see cref="GateActivationAlpha"/>.</summary>
    public const string CandidateActivationAlpha = "recurrent.candidate_activation_alpha";

    /// <summary>β of the candidate activation, as <see cref="GateActivationBeta"/>.</summary>
    public const string CandidateActivationBeta = "recurrent.candidate_activation_beta";

    /// <summary>α of the cell activation, as <see cref="GateActivationAlpha"/>.</summary>
    public const string CellActivationAlpha = "recurrent.cell_activation_alpha";

    /// <summary>β of the cell activation, as <see cref="GateActivationBeta"/>.</summary>
    public const string CellActivationBeta = "recurrent.cell_activation_beta";

    /// <summary>
    /// <c>forward</c> (default) or <c>reverse</c>: a unidirectional module whose every layer reads the sequence from its
    /// last step to its first (ONNX <c>direction = reverse</c>), output t still aligned with input t. Not with <c>_reverse</c> tensors.
    /// </summary>
    public const string Direction = "recurrent.direction";

    /// <summary>A positive number: gate pre-activations are clipped to [−clip, clip] (ONNX <c>clip</c>); no clipping when absent.</summary>
    public const string Clip = "recurrent.clip";

    /// <summary><c>true</c> couples an LSTM's input and forget gates, f = 1 − i (ONNX <c>input_forget</c>); default <c>false</c>.</summary>
    public const string InputForget = "recurrent.input_forget";

    /// <summary>The tensor-name prefix of the recurrent module (<c>lstm</c>, <c>encoder.rnn</c>) when a file holds several.</summary>
    public const string Module = "recurrent.module";

    /// <summary>The tensor-name prefix of the dense <c>Linear</c> head (<c>fc</c>, <c>head</c>); no head when absent.</summary>
    public const string Head = "recurrent.head";

    /// <summary>The head's output activation: <c>none</c> (default), <c>sigmoid</c> or <c>softmax</c>.</summary>
    public const string HeadActivation = "recurrent.head_activation";

    /// <summary><c>true</c> when the model was trained on (batch, seq, features) input; informational only, default <c>false</c>.</summary>
    public const string BatchFirst = "recurrent.batch_first";

    /// <summary>
    /// How the weight matrices are stored: <c>float32</c> (default), <c>bfloat16</c> (dtype BF16) or <c>int8</c> (dtype I8,
    /// with an F32 <c>&lt;name&gt;_scale</c> tensor of one scale per row). Written by <c>recurrent quantize</c>.
    /// </summary>
    public const string WeightPrecision = "recurrent.weight_precision";

    /// <summary>
    /// The values an enumerated key accepts, as the loaders name them in an error (matched trimmed and
    /// case-insensitively), so the runtime and the generator refuse the same values with the same words.
    /// </summary>
    public static class Accepted
    {
        /// <summary>For <see cref="Cell"/>.</summary>
        public const string Cells = "lstm, gru, rnn";

        /// <summary>For <see cref="Nonlinearity"/>.</summary>
        public const string Nonlinearities = "tanh, relu";

        /// <summary>For <see cref="GruReset"/>.</summary>
        public const string GruResets = "after, before";

        /// <summary>For <see cref="GateActivation"/>, <see cref="CandidateActivation"/> and <see cref="CellActivation"/>.</summary>
        public const string Activations = "sigmoid, hard_sigmoid, tanh, relu, affine, leaky_relu, thresholded_relu, scaled_tanh, elu, softsign, softplus";

        /// <summary>For <see cref="Direction"/>.</summary>
        public const string Directions = "forward, reverse";

        /// <summary>For <see cref="HeadActivation"/>.</summary>
        public const string HeadActivations = "none, sigmoid, softmax";

        /// <summary>For <see cref="WeightPrecision"/>.</summary>
        public const string WeightPrecisions = "float32, bfloat16, int8";

        /// <summary>For <see cref="InputForget"/> and <see cref="BatchFirst"/>.</summary>
        public const string Booleans = "true, false";
    }
}
