using Recurrent.Aot.IO;

namespace StreamingSensor.Training;

/// <summary>
/// The training set of the next-sample predictor: windows of the synthetic sensor (each from its own seeded
/// stream, so its own phases), input x_t and target x_{t+1} at every step, written as .npy for
/// <c>recurrent train --data inputs.npy --targets targets.npy --loss mse --output-mode every</c>.
/// </summary>
public static class SensorData
{
    public const int Windows = 512;
    public const int Steps = 128;

    /// <summary>Writes inputs.npy and targets.npy, both (windows, steps, 1), into <paramref name="folder"/>.</summary>
    public static void Write(string folder, ulong seed = 1)
    {
        float[] inputs = new float[Windows * Steps];
        float[] targets = new float[Windows * Steps];
        for (int n = 0; n < Windows; n++)
        {
            var signal = new Signal(seed * 1_000_003 + (ulong)n);
            float x = signal.Next();
            for (int t = 0; t < Steps; t++)
            {
                float next = signal.Next();
                inputs[(n * Steps) + t] = x;
                targets[(n * Steps) + t] = next;
                x = next;
            }
        }

        Directory.CreateDirectory(folder);
        Npy.Write(Path.Combine(folder, "inputs.npy"), inputs, Windows, Steps, 1);
        Npy.Write(Path.Combine(folder, "targets.npy"), targets, Windows, Steps, 1);
    }
}
