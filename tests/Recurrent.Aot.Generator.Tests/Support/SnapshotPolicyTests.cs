namespace Recurrent.Aot.Generator.Tests.Support;

/// <summary>
/// A changed snapshot is written as the new verified file only on request, and never in CI, where it must fail
/// (.ci/run exports CI=true and unsets UPDATE_SNAPSHOTS). Checked without touching this process's environment.
/// </summary>
public sealed class SnapshotPolicyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "snapshot-policy-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(null, "1", true)]
    [InlineData("", "1", true)]
    [InlineData("false", "1", true)]
    [InlineData("0", "1", true)]
    [InlineData("true", "1", false)]
    [InlineData("TRUE", "1", false)]
    [InlineData("1", "1", false)]
    [InlineData("yes", "1", false)]
    [InlineData(null, null, false)]
    [InlineData(null, "true", false)]
    [InlineData("true", null, false)]
    public void Changes_are_accepted_only_on_request_and_never_in_CI(string? ci, string? update, bool accepted)
        => Assert.Equal(accepted, Snapshot.MayAccept(ci, update));

    [Fact]
    public void In_CI_a_changed_snapshot_fails_and_the_verified_file_stays_as_it_was()
    {
        (string verified, string received) = Files();
        File.WriteAllText(verified, "old\n");
        Assert.Throws<Xunit.Sdk.FailException>(() => Snapshot.Check("new\n", verified, received, Snapshot.MayAccept("true", "1")));
        Assert.Equal("old\n", File.ReadAllText(verified));
        Assert.Equal("new\n", File.ReadAllText(received));
    }

    [Fact]
    public void In_CI_a_missing_snapshot_fails_and_is_not_created()
    {
        (string verified, string received) = Files();
        Assert.Throws<Xunit.Sdk.FailException>(() => Snapshot.Check("new\n", verified, received, Snapshot.MayAccept("true", "1")));
        Assert.False(File.Exists(verified));
    }

    [Fact]
    public void Outside_CI_an_accepted_change_replaces_the_verified_file()
    {
        (string verified, string received) = Files();
        File.WriteAllText(verified, "old\n");
        Snapshot.Check("new\n", verified, received, Snapshot.MayAccept(null, "1"));
        Assert.Equal("new\n", File.ReadAllText(verified));
        Assert.False(File.Exists(received));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private (string Verified, string Received) Files()
    {
        Directory.CreateDirectory(_folder);
        return (Path.Combine(_folder, "Case.verified.txt"), Path.Combine(_folder, "Case.received.txt"));
    }
}
