using Recurrent.Aot.IO;

namespace Recurrent.Aot.Cli.Tests.Support;

/// <summary>
/// Fixture weights plus a learned initial state as the trainer writes it (<c>--learn-initial-state</c>):
/// <c>{module}initial_h_l{k}[_reverse]</c> (H_out) and, for an LSTM, <c>{module}initial_c_l{k}[_reverse]</c> (H).
/// </summary>
internal static class LearnedInitialState
{
    /// <summary>Writes the fixture's model tensors (not its <c>test.*</c> ones) and a non-zero initial state for every cell to <paramref name="path"/>.</summary>
    public static string Write(string fixture, string module, int layers, int directions, bool lstm, string path)
    {
        SafeTensorsFile file = SafeTensorsFile.Load(fixture);
        var writer = new SafeTensorsWriter();
        foreach (TensorInfo tensor in file.Tensors.Where(t => !t.Name.StartsWith("test.", StringComparison.Ordinal)))
        {
            writer.Add(tensor.Name, file.ReadFloat32(tensor.Name), tensor.Shape);
        }

        int cell = 0;
        for (int layer = 0; layer < layers; layer++)
        {
            for (int direction = 0; direction < directions; direction++, cell++)
            {
                string suffix = $"_l{layer}{(direction == 1 ? "_reverse" : "")}";
                // weight_hh is (gates*H, H_out), with or without a projection.
                int[] recurrent = file.GetTensor(module + "weight_hh" + suffix).Shape;
                int hOut = recurrent[1];
                writer.Add(module + "initial_h" + suffix, Values(hOut, cell), hOut);
                if (lstm)
                {
                    int hidden = recurrent[0] / 4;
                    writer.Add(module + "initial_c" + suffix, Values(hidden, cell + 0.5f), hidden);
                }
            }
        }

        writer.Save(path);
        return path;
    }

    /// <summary>Distinct, non-zero values in (-0.8, 0.8), different for every tensor.</summary>
    private static float[] Values(int count, float tensor)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = 0.8f * MathF.Sin((0.9f * (i + 1)) + (1.7f * tensor));
        }

        return values;
    }
}
