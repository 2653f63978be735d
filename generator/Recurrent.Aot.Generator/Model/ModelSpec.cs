namespace Recurrent.Aot.Generator.Model;

/// <summary>
/// The complete architecture of one generated model. Immutable with structural equality: it is a
/// pipeline value, so it must never hold symbols, syntax or mutable arrays.
/// </summary>
internal sealed record ModelSpec(
    CellKind Kind,
    int InputSize,
    int HiddenSize,
    int Layers,
    bool Bidirectional,
    int ProjSize,
    bool HasBias,
    Activation GateActivation,
    Activation CandidateActivation,
    Activation CellActivation,
    GruResetMode GruReset,
    int HeadSize,
    bool HeadHasBias,
    HeadActivation HeadActivation,
    bool FastActivations = false,
    WeightPrecision WeightPrecision = WeightPrecision.Float32)
{
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Size of h: the projection size when there is one, else the hidden size.</summary>
    public int HiddenOutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <summary>Rows per unit in weight_ih/weight_hh: 4 (LSTM), 3 (GRU), 1 (RNN).</summary>
    public int GateCount => Kind switch
    {
        CellKind.Lstm => 4,
        CellKind.Gru => 3,
        _ => 1,
    };

    public int LayerInputSize(int layer) => layer == 0 ? InputSize : Directions * HiddenOutputSize;

    /// <summary>Floats written per time step: the head's outputs, else every direction's h.</summary>
    public int StepOutputSize => HeadSize > 0 ? HeadSize : Directions * HiddenOutputSize;

    public bool HasCellState => Kind == CellKind.Lstm;

    /// <summary>Number of floats in PyTorch's <c>parameters()</c> order, head included.</summary>
    public int ParameterCount
    {
        get
        {
            int total = 0;
            for (int layer = 0; layer < Layers; layer++)
            {
                int perDirection = (GateCount * HiddenSize * (LayerInputSize(layer) + HiddenOutputSize))
                    + (HasBias ? 2 * GateCount * HiddenSize : 0)
                    + (ProjSize > 0 ? ProjSize * HiddenSize : 0);
                total += Directions * perDirection;
            }
            if (HeadSize > 0)
            {
                total += (HeadSize * StepInputOfHead) + (HeadHasBias ? HeadSize : 0);
            }
            return total;
        }
    }

    /// <summary>Width of the vector the head reads: every direction's h of the top layer.</summary>
    public int StepInputOfHead => Directions * HiddenOutputSize;
}
