namespace Recurrent.Aot;

/// <summary>A dense head after the last recurrent layer: y = act(W h + b), applied at every step.</summary>
public sealed record HeadSpec
{
    /// <summary>Number of outputs O.</summary>
    public int OutputSize { get; init; }

    /// <summary>Whether the linear layer has a bias.</summary>
    public bool HasBias { get; init; } = true;

    /// <summary>The activation after the linear layer.</summary>
    public HeadActivation Activation { get; init; } = HeadActivation.None;
}
