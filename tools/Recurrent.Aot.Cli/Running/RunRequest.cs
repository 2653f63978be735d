namespace Recurrent.Aot.Cli.Running;

/// <summary>What <c>recurrent run</c> was asked to do: file paths and overrides, unchecked.</summary>
internal sealed record RunRequest(string ModelPath, string InputPath, string OutputPath)
{
    public string? InitialHidden { get; init; }
    public string? InitialCell { get; init; }
    public string? FinalHidden { get; init; }
    public string? FinalCell { get; init; }
    public string? Module { get; init; }
    public string? Cell { get; init; }
    public string? Nonlinearity { get; init; }
    public bool BatchFirst { get; init; }
}
