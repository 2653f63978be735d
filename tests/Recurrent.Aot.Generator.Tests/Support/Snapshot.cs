using System.Runtime.CompilerServices;

namespace Recurrent.Aot.Generator.Tests.Support;

/// <summary>
/// Snapshot assertions with Verify's conventions: <c>Snapshots/{Class}.{Test}.verified.{ext}</c> is committed
/// beside the tests; on a mismatch <c>.received.{ext}</c> is written and the test fails. Accepting a change is
/// an explicit opt-in (UPDATE_SNAPSHOTS=1) and never happens in CI (CI set to anything but empty, 0 or false;
/// .ci/run exports CI=true). Moving to Verify.Xunit later means replacing <see cref="Match"/> with <c>Verify(text)</c>.
/// </summary>
internal static class Snapshot
{
    public static void Match(string text, string? name = null, string extension = "cs", [CallerFilePath] string callerFile = "", [CallerMemberName] string test = "")
    {
        string folder = Path.Combine(ProjectFolder(callerFile), "Snapshots");
        string stem = Path.GetFileNameWithoutExtension(callerFile) + "." + (name ?? test);
        bool accept = MayAccept(Environment.GetEnvironmentVariable("CI"), Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS"));
        Check(text, Path.Combine(folder, stem + ".verified." + extension), Path.Combine(folder, stem + ".received." + extension), accept);
    }

    /// <summary>Whether a changed snapshot may replace the verified file: only when asked (UPDATE_SNAPSHOTS=1), never in CI.</summary>
    internal static bool MayAccept(string? ci, string? updateSnapshots) => updateSnapshots == "1" && !InCi(ci);

    /// <summary>CI=true, CI=1, CI=yes...: any value but empty, 0 or false.</summary>
    internal static bool InCi(string? ci)
        => !string.IsNullOrWhiteSpace(ci) && ci.Trim() != "0" && !string.Equals(ci.Trim(), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Compares <paramref name="text"/> with the <paramref name="verified"/> file; on a difference writes it (accepting) or fails.</summary>
    internal static void Check(string text, string verified, string received, bool accept)
    {
        string folder = Path.GetDirectoryName(verified)!;
        string actual = text.Replace("\r\n", "\n");
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        if (accept)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified}; review {received} and accept it with UPDATE_SNAPSHOTS=1 (never in CI)."
            : $"The output differs from {verified}; see {received} (accept with UPDATE_SNAPSHOTS=1, never in CI). First difference at line {FirstDifference(expected, actual)}.");
    }

    /// <summary>The test project's folder (the nearest one holding a .csproj), so every snapshot lands in one excluded folder.</summary>
    private static string ProjectFolder(string callerFile)
    {
        string? folder = Path.GetDirectoryName(callerFile);
        while (folder is not null && Directory.GetFiles(folder, "*.csproj").Length == 0)
        {
            folder = Path.GetDirectoryName(folder);
        }
        return folder ?? throw new InvalidOperationException("No project folder above " + callerFile);
    }

    private static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return i + 1;
            }
        }
        return Math.Min(a.Length, b.Length) + 1;
    }
}
