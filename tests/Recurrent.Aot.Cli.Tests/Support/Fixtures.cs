using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Tests.Support;

/// <summary>The shared test fixtures (tests/fixtures, copied next to the test assembly) and the committed example model.</summary>
internal static class Fixtures
{
    public static string PyTorch(string caseName) => Path.Combine(AppContext.BaseDirectory, "fixtures", "pytorch", caseName + ".safetensors");

    public static string Reference(string caseName) => Path.Combine(AppContext.BaseDirectory, "fixtures", "reference", caseName + ".safetensors");

    public static string Sample(string fileName) => Path.Combine(AppContext.BaseDirectory, "samples", fileName);

    /// <summary>Writes a fixture's <c>test.*</c> tensor to a .npy file and returns its path.</summary>
    public static string ExportNpy(SafeTensorsFile file, string tensorName, string path)
    {
        TensorInfo tensor = file.GetTensor(tensorName);
        Npy.Write(path, file.ReadFloat32(tensorName), tensor.Shape);
        return path;
    }

    public static bool Flag(SafeTensorsFile file, string key) =>
        file.Metadata.TryGetValue(key, out string? value) && value == "true";

    public static void AssertClose(float[] expected, int[] expectedShape, NpyArray actual, float tolerance, string what)
    {
        Assert.Equal(expectedShape, actual.Shape);
        float worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            float error = MathF.Abs(expected[i] - actual.Data[i]);
            if (!(error <= worst))
            {
                worst = error;
                worstIndex = i;
            }
        }

        Assert.True(
            worst <= tolerance,
            $"{what}: max abs error {worst} at flat index {worstIndex} (expected {(worstIndex >= 0 ? expected[worstIndex] : 0)}, got {(worstIndex >= 0 ? actual.Data[worstIndex] : 0)}), tolerance {tolerance}");
    }
}
