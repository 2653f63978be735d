namespace Recurrent.Aot.Tests.Parity;

/// <summary>The fixture folder and <see cref="ParityCases"/> must name the same cases, in both directions.</summary>
public sealed class FixtureCoverageTests
{
    [Fact]
    public void Every_fixture_file_is_a_known_parity_case_and_every_case_has_its_file()
    {
        string root = ParityCases.FixturesDirectory;
        Assert.True(Directory.Exists(root), $"The fixture folder {root} is missing; tests/fixtures/** should be copied next to the test assembly.");
        HashSet<string> onDisk = [.. new[] { ParityCases.PyTorch, ParityCases.Reference }
            .Select(source => Path.Combine(root, source))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.safetensors"))
            .Select(file => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/')[..^".safetensors".Length])];
        HashSet<string> known = [.. ParityCases.Ids];

        string[] unknown = [.. onDisk.Except(known).Order(StringComparer.Ordinal)];
        string[] missing = [.. known.Except(onDisk).Order(StringComparer.Ordinal)];

        Assert.True(
            unknown.Length == 0 && missing.Length == 0,
            $"Fixture files with no parity test (add them to ParityCases): [{string.Join(", ", unknown)}]. "
            + $"Parity cases whose fixture file is missing (run tests/fixtures/make_fixtures.py): [{string.Join(", ", missing)}].");
    }

    [Theory]
    [MemberData(nameof(ParityCases.Every), MemberType = typeof(ParityCases))]
    public void Fixture_is_consistent(string id)
    {
        var fixture = ParityFixture.Load(id);

        Assert.True(fixture.SequenceLength > 0 && fixture.Batch > 0, $"{id}: empty sequence or batch.");
        Assert.Equal(fixture.SequenceLength * fixture.Batch * fixture.InputSize, fixture.Inputs.Length);
        Assert.Equal(fixture.SequenceLength * fixture.Batch * fixture.OutputSize, fixture.ExpectedOutputs.Length);
        Assert.Equal(fixture.Batch * fixture.StateSize, fixture.ExpectedFinalStates.Length);
        Assert.Equal(fixture.Batch * fixture.StateSize, fixture.InitialStates.Length);
        Assert.All(fixture.ExpectedOutputs, value => Assert.True(float.IsFinite(value), $"{id}: non-finite expected output."));
    }
}
