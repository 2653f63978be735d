namespace Recurrent.Aot.Kernels.Packing;

/// <summary>
/// One cell's weights packed once for the active vector width (see <see cref="PanelPacker"/>), every
/// buffer starting on a 64-byte boundary. Immutable after construction; shared read-only by every thread that steps the cell.
/// </summary>
internal sealed class PackedCell
{
    public PackedCell(CellSpec spec, CellWeights weights, int lanes, WeightPrecision precision = WeightPrecision.Float32, string name = "cell")
    {
        Spec = spec;
        Lanes = lanes;
        Precision = precision;
        GateParameters = spec.GateParameters;
        CandidateParameters = spec.CandidateParameters;
        CellParameters = spec.CellParameters;
        Gates = spec.GateCount;
        int hidden = spec.HiddenSize;
        Blocks = PanelPacker.BlockCount(hidden, lanes);
        InputPanel = PackedPanel.Pack(weights.WeightIh, weights.StoredInt8?.WeightIh, Gates, hidden, spec.InputSize, lanes, precision, $"{name}.weight_ih");
        RecurrentPanel = PackedPanel.Pack(weights.WeightHh, weights.StoredInt8?.WeightHh, Gates, hidden, spec.OutputSize, lanes, precision, $"{name}.weight_hh");

        // The input bias row folds in b_hh wherever the two biases simply add: every gate except the GRU
        // candidate, whose b_hn sits inside r ⊙ (W_hn h + b_hn) (AfterMatmul) and is kept apart.
        int rows = Gates * hidden;
        var inputBias = new float[rows];
        var candidateBias = new float[hidden];
        if (spec.HasBias)
        {
            float[] bih = weights.BiasIh!, bhh = weights.BiasHh!;
            for (int r = 0; r < rows; r++)
                inputBias[r] = bih[r];
            bool separateCandidate = spec.Kind == CellKind.Gru;
            int foldedRows = separateCandidate ? 2 * hidden : rows;
            for (int r = 0; r < foldedRows; r++)
                inputBias[r] += bhh[r];
            if (separateCandidate)
                Array.Copy(bhh, 2 * hidden, candidateBias, 0, hidden);
        }

        InputBias = PanelPacker.PackVector(inputBias, Gates, hidden, lanes);
        CandidateBias = spec.Kind == CellKind.Gru ? PanelPacker.PackVector(candidateBias, 1, hidden, lanes) : AlignedBuffer.Empty;
        PeepholeWeights = spec.Peepholes ? PanelPacker.PackVector(weights.Peepholes!, 3, hidden, lanes) : AlignedBuffer.Empty;
        if (spec.ProjSize > 0)
        {
            ProjectionBlocks = PanelPacker.BlockCount(spec.ProjSize, lanes);
            ProjectionPanel = PackedPanel.Pack(weights.WeightHr!, weights.StoredInt8?.WeightHr, 1, spec.ProjSize, hidden, lanes, precision, $"{name}.weight_hr");
        }
        else
        {
            ProjectionPanel = PackedPanel.Empty;
        }
    }

    public CellSpec Spec { get; }

    public int Lanes { get; }

    // The activations' α and β, resolved once here: CellSpec resolves (and validates) them on every read,
    // which cost a small step a third of its time when the kernels read them per step.

    /// <summary><see cref="CellSpec.GateParameters"/>, resolved once.</summary>
    public ActivationParameters GateParameters { get; }

    /// <summary><see cref="CellSpec.CandidateParameters"/>, resolved once.</summary>
    public ActivationParameters CandidateParameters { get; }

    /// <summary><see cref="CellSpec.CellParameters"/>, resolved once.</summary>
    public ActivationParameters CellParameters { get; }

    public int Gates { get; }

    /// <summary>How the weight matrices (W_ih, W_hh, W_hr) are stored; biases, peepholes and state stay float32.</summary>
    public WeightPrecision Precision { get; }

    /// <summary>Bytes of the weight matrices (scales included): what one step streams from memory.</summary>
    public long WeightBytes => InputPanel.Bytes + RecurrentPanel.Bytes + ProjectionPanel.Bytes;

    /// <summary>Blocks of <see cref="Lanes"/> hidden units (the last one padded with zero weights).</summary>
    public int Blocks { get; }

    /// <summary>W_ih as [block][X][gate][lane].</summary>
    public PackedPanel InputPanel { get; }

    /// <summary>W_hh as [block][H_out][gate][lane].</summary>
    public PackedPanel RecurrentPanel { get; }

    /// <summary>[block][gate][lane]: b_ih + b_hh (GRU candidate: b_in only).</summary>
    public AlignedBuffer InputBias { get; }


    /// <summary>GRU only, [block][lane]: b_hn.</summary>
    public AlignedBuffer CandidateBias { get; }

    /// <summary>LSTM peepholes, [block][i, f, o][lane].</summary>
    public AlignedBuffer PeepholeWeights { get; }

    /// <summary>W_hr as [projection block][H][lane].</summary>
    public PackedPanel ProjectionPanel { get; }

    public int ProjectionBlocks { get; }

    /// <summary>Floats of one precomputed input row (W_ih x + bias), laid out like <see cref="InputBias"/>.</summary>
    public int PreactivationStride => Blocks * Gates * Lanes;

    /// <summary>Whether batched runs may compute W_hh h for all streams at once (not for BeforeMatmul, which needs r ⊙ h).</summary>
    public bool SupportsBatchedRecurrence => !(Spec.Kind == CellKind.Gru && Spec.GruReset == GruResetMode.BeforeMatmul);

    /// <summary>Floats of scratch one step needs (projection input, or the GRU BeforeMatmul r⊙h, z and W_in x).</summary>
    public int ScratchSize => Spec.ProjSize > 0 ? Blocks * Lanes
        : Spec.Kind == CellKind.Gru && Spec.GruReset == GruResetMode.BeforeMatmul ? 3 * Blocks * Lanes
        : 0;
}
