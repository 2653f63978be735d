using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Tests.Support;

/// <summary>
/// One parity fixture (tests/fixtures/README.md): the call PyTorch made and its results, rearranged per
/// stream: inputs (batch, steps, X), outputs (batch, steps, O), states (batch, StateSize) in the runtime's layout.
/// </summary>
internal sealed class FixtureCase
{
    private FixtureCase(string relativePath, SafeTensorsFile file)
    {
        RelativePath = relativePath;
        Name = Path.GetFileNameWithoutExtension(relativePath);
        bool batchFirst = file.Metadata.TryGetValue("test.batch_first", out string? bf) && bf == "true";
        var input = file.GetTensor("test.input").Shape;
        Batch = batchFirst ? input[0] : input[1];
        Steps = batchFirst ? input[1] : input[0];
        InputSize = input[2];
        Inputs = PerStream(file.ReadFloat32("test.input"), batchFirst, Steps, Batch, InputSize);
        string outputName = file.TryGetTensor("test.head_output", out _) ? "test.head_output" : "test.output";
        OutputSize = file.GetTensor(outputName).Shape[2];
        Outputs = PerStream(file.ReadFloat32(outputName), batchFirst, Steps, Batch, OutputSize);
        var hn = file.GetTensor("test.h_n").Shape;
        Cells = hn[0];
        HiddenOutput = hn[2];
        Hidden = file.TryGetTensor("test.c_n", out var cn) ? cn.Shape[2] : 0;
        StateSize = Cells * (HiddenOutput + Hidden);
        FinalStates = States(file, "test.h_n", "test.c_n");
        bool hasH0 = file.Metadata.TryGetValue("test.has_h0", out string? h0) && h0 == "true";
        InitialStates = hasH0 ? States(file, "test.h0", "test.c0") : new float[Batch * StateSize];
        Bidirectional = file.Tensors.Any(t => t.Name.EndsWith("weight_ih_l0_reverse", StringComparison.Ordinal));
    }

    public string RelativePath { get; }

    public string Name { get; }

    public int Batch { get; }

    public int Steps { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    public int Cells { get; }

    public int HiddenOutput { get; }

    public int Hidden { get; }

    public int StateSize { get; }

    public bool Bidirectional { get; }

    public float[] Inputs { get; }

    public float[] Outputs { get; }

    public float[] InitialStates { get; }

    public float[] FinalStates { get; }

    public static FixtureCase Load(string relativePath)
        => new(relativePath, SafeTensorsFile.Load(GeneratorHarness.Fixture(relativePath)));

    /// <summary>(steps, batch, n) or (batch, steps, n) → (batch, steps, n).</summary>
    private static float[] PerStream(float[] data, bool batchFirst, int steps, int batch, int n)
    {
        if (batchFirst)
        {
            return data;
        }
        var result = new float[data.Length];
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                Array.Copy(data, ((t * batch) + b) * n, result, ((b * steps) + t) * n, n);
            }
        }
        return result;
    }

    /// <summary>h (cells, batch, H_out) and c (cells, batch, H) → per stream [every h, every c].</summary>
    private float[] States(SafeTensorsFile file, string hName, string cName)
    {
        var result = new float[Batch * StateSize];
        float[] h = file.ReadFloat32(hName);
        float[]? c = Hidden > 0 ? file.ReadFloat32(cName) : null;
        for (int b = 0; b < Batch; b++)
        {
            for (int cell = 0; cell < Cells; cell++)
            {
                Array.Copy(h, ((cell * Batch) + b) * HiddenOutput, result, (b * StateSize) + (cell * HiddenOutput), HiddenOutput);
                if (c is not null)
                {
                    Array.Copy(c, ((cell * Batch) + b) * Hidden, result, (b * StateSize) + (Cells * HiddenOutput) + (cell * Hidden), Hidden);
                }
            }
        }
        return result;
    }

    public static float MaxAbsDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            float d = Math.Abs(expected[i] - actual[i]);
            if (float.IsNaN(d))
            {
                return float.NaN;
            }
            max = Math.Max(max, d);
        }
        return max;
    }
}
