namespace Recurrent.Aot.Cli.Tests.Support;

/// <summary>Runs the <c>recurrent</c> command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = CliApp.Run(args, stdout, stderr);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Fails with everything the command printed, so a broken run explains itself.</summary>
    public CliResult AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}");
        return this;
    }

    /// <summary>Asserts the exit code and a single "error: ..." line that contains every fragment.</summary>
    public void AssertError(int exitCode, params string[] fragments)
    {
        Assert.True(ExitCode == exitCode, $"expected exit code {exitCode}, got {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}");
        string line = Assert.Single(Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, line, StringComparison.Ordinal);
        }
    }
}
