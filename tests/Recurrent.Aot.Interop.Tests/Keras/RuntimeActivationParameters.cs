using Recurrent.Aot.IO;

namespace Recurrent.Aot.Interop.Tests.Keras;

/// <summary>
/// Whether this runtime reads activation parameters (<c>recurrent.*_alpha</c>/<c>_beta</c>: Keras 3's hard_sigmoid,
/// linear as affine). Runtimes before that support refuse those metadata keys; the Keras cases that need them are
/// then checked for their metadata only.
/// </summary>
internal static class RuntimeActivationParameters
{
    public static bool Supported { get; } = Probe();

    private static bool Probe()
    {
        var writer = new SafeTensorsWriter();
        writer.Add("rnn.weight_ih_l0", new float[3], 3, 1);
        writer.Add("rnn.weight_hh_l0", new float[3], 3, 1);
        writer.Metadata[RecurrentMetadataKeys.GateActivation] = "hard_sigmoid";
        writer.Metadata[$"{RecurrentMetadataKeys.GateActivation}_alpha"] = "0.16666667";
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        try
        {
            RecurrentModel.FromSafeTensors(SafeTensorsFile.Parse(stream.ToArray()));
            return true;
        }
        catch (WeightsFormatException)
        {
            return false;
        }
    }
}
