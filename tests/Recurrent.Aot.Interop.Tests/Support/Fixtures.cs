namespace Recurrent.Aot.Interop.Tests.Support;

/// <summary>The ONNX fixtures (tests/fixtures/onnx, written by tests/fixtures/make_onnx_fixtures.py) and the other model files the tests use.</summary>
public static class Fixtures
{
    public static string Folder => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx");

    public static string Path(string name) => System.IO.Path.Combine(Folder, name + ".onnx");

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    /// <summary>Graphs the importer must convert: torch.onnx.export (torch_*) and onnx.helper (hand_*).</summary>
    public static TheoryData<string> Importable() => [.. Names().Where(n => !n.StartsWith("bad_", StringComparison.Ordinal))];

    public static TheoryData<string> All() => [.. Names()];

    public static IEnumerable<string> Names()
        => Directory.GetFiles(Folder, "*.onnx").Select(f => System.IO.Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    /// <summary>The PyTorch parity fixtures (tests/fixtures/pytorch) and the samples' trained models, to export.</summary>
    public static TheoryData<string> Exportable()
    {
        string root = AppContext.BaseDirectory;
        var files = Directory.GetFiles(System.IO.Path.Combine(root, "fixtures", "pytorch"), "*.safetensors")
            .Concat(Directory.GetFiles(System.IO.Path.Combine(root, "samples"), "*.safetensors", SearchOption.AllDirectories))
            .Select(f => System.IO.Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal);
        return [.. files];
    }

    public static float[] Random(Random random, int count, float scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string context, float tolerance = 1e-5f)
    {
        Assert.True(expected.Length == actual.Length, $"{context}: expected {expected.Length} values, got {actual.Length}.");
        float worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            float diff = MathF.Abs(expected[i] - actual[i]);
            if (!(diff <= worst) || float.IsNaN(diff))
            {
                worst = float.IsNaN(diff) ? float.PositiveInfinity : diff;
                at = i;
            }
        }

        Assert.True(worst <= tolerance, $"{context}: index {at}: expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)} (|diff| {worst} > {tolerance}).");
    }
}
