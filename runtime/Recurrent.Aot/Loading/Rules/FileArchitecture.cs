using System.Globalization;

namespace Recurrent.Aot.Loading.Rules;

/// <summary>
/// A weights file's recurrent model as the rules read it: one module's shape, options (as metadata tokens), head and
/// learned initial state, with the tensor names every loader reads its weights from. Every value is settled:
/// defaults are applied, options that do not apply to the cell kind hold their default.
/// </summary>
internal sealed class FileArchitecture
{
    /// <summary>The module's tensor-name prefix with its trailing dot, or "" at the file's top level.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>True for a single cell (<c>nn.LSTMCell</c> names, no <c>_l{k}</c> suffix).</summary>
    public bool IsCell { get; set; }

    /// <summary><c>lstm</c>, <c>gru</c> or <c>rnn</c>.</summary>
    public string Cell { get; set; } = "";

    public int InputSize { get; set; }

    public int HiddenSize { get; set; }

    public int ProjSize { get; set; }

    public int Layers { get; set; }

    public bool Bidirectional { get; set; }

    public bool HasBias { get; set; }

    public bool Peepholes { get; set; }

    public string GateActivation { get; set; } = "sigmoid";

    /// <summary>The candidate activation; for an RNN, its nonlinearity.</summary>
    public string CandidateActivation { get; set; } = "tanh";

    public string CellActivation { get; set; } = "tanh";

    /// <summary>
    /// The precision the file says its weight matrices are stored in (<c>float32</c>, <c>bfloat16</c>, <c>int8</c>;
    /// metadata <c>recurrent.weight_precision</c>): how they are stored, not how a loader runs them.
    /// </summary>
    public string StoredPrecision { get; set; } = "float32";

    /// <summary>α of the gate activation, settled (default applied); null when the activation takes none.</summary>
    public float? GateAlpha { get; set; }

    /// <summary>β of the gate activation, settled; null when the activation takes none.</summary>
    public float? GateBeta { get; set; }

    public float? CandidateAlpha { get; set; }

    public float? CandidateBeta { get; set; }

    public float? CellAlpha { get; set; }

    public float? CellBeta { get; set; }

    /// <summary>True when the (unidirectional) module reads sequences backwards (<c>recurrent.direction = reverse</c>).</summary>
    public bool Reverse { get; set; }

    /// <summary><c>after</c> (PyTorch) or <c>before</c> (original GRU); <c>after</c> for LSTM and RNN.</summary>
    public string GruReset { get; set; } = "after";

    public float? Clip { get; set; }

    public bool InputForget { get; set; }

    /// <summary>The head's prefix with its trailing dot, or null without a head.</summary>
    public string? HeadPrefix { get; set; }

    public int HeadSize { get; set; }

    public bool HeadHasBias { get; set; }

    public string HeadActivation { get; set; } = "none";

    /// <summary>Whether every cell has a learned <c>initial_h</c> (and, for an LSTM, <c>initial_c</c>).</summary>
    public bool HasInitialState { get; set; }

    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Size of h: P with a projection, else H.</summary>
    public int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <summary>4 (LSTM), 3 (GRU) or 1 (RNN).</summary>
    public int GateCount => ArchitectureRules.GateCount(Cell);

    /// <summary>Columns of layer <paramref name="layer"/>'s <c>weight_ih</c>.</summary>
    public int LayerInputSize(int layer) => layer == 0 ? InputSize : Directions * OutputSize;

    /// <summary>The module's name of a per-cell tensor: <c>{prefix}{baseName}_l{layer}[_reverse]</c>, or without the suffix for a single cell.</summary>
    public string TensorName(string baseName, int layer, int direction) => Prefix + baseName + Suffix(layer, direction);

    /// <summary>The per-cell name suffix: "" for a single cell, else <c>_l{layer}</c> plus <c>_reverse</c> for direction 1.</summary>
    public string Suffix(int layer, int direction)
        => IsCell ? "" : "_l" + layer.ToString(CultureInfo.InvariantCulture) + (direction == 1 ? "_reverse" : "");

    /// <summary>The module's name as users write it: without the trailing dot, "(none)" at the file's top level.</summary>
    public string ModuleName => Prefix.Length == 0 ? "(none)" : Prefix.TrimEnd('.');
}
