using System.Globalization;
using Recurrent.Aot.IO;

namespace Recurrent.Aot.Generator.Tests.Parity;

/// <summary>
/// A model shape for the random-weights parity tests, written as a PyTorch-style safetensors file so
/// the runtime, the shape-only model and the embedded model all read the same weights.
/// </summary>
/// <param name="Name">Class-name-safe identifier.</param>
/// <param name="Attribute">The shape-only declaration of the same model.</param>
/// <param name="Fast">Whether both declarations ask for the fast activations (the runtime stays exact).</param>
internal sealed record RandomModel(
    string Name, string Kind, int Input, int Hidden, int Layers, bool Bidirectional, int Proj, int Head, string Attribute,
    Dictionary<string, string>? Metadata = null, bool Fast = false)
{
    public static readonly RandomModel[] All =
    {
        // Two panels of 16 units: the 512-bit branch runs where the machine has it.
        new("Lstm8x32", "lstm", 8, 32, 1, false, 0, 0, "[Lstm(InputSize = 8, HiddenSize = 32)]"),
        // Input columns past the unroll limit, with a remainder; two layers.
        new("Lstm19x48x2", "lstm", 19, 48, 2, false, 0, 0, "[Lstm(InputSize = 19, HiddenSize = 48, Layers = 2)]"),
        new("Gru16x16", "gru", 16, 16, 1, false, 0, 0, "[Gru(InputSize = 16, HiddenSize = 16)]"),
        // Three panels of 16 units in both GRU kernels, walked in alternating order from step to step.
        new("GruBefore5x48", "gru", 5, 48, 1, false, 0, 0, "[Gru(InputSize = 5, HiddenSize = 48, Reset = RecurrentGruResetMode.BeforeMatmul)]",
            new() { ["recurrent.gru_reset"] = "before" }),
        new("RnnRelu3x64", "rnn", 3, 64, 1, false, 0, 0, "[Rnn(InputSize = 3, HiddenSize = 64, Nonlinearity = RecurrentActivation.Relu)]",
            new() { ["recurrent.nonlinearity"] = "relu" }),
        new("LstmProjBidiHead", "lstm", 6, 32, 2, true, 16, 3, "[Lstm(InputSize = 6, HiddenSize = 32, Layers = 2, Bidirectional = true, ProjSize = 16, HeadSize = 3, HeadActivation = RecurrentHeadActivation.Sigmoid)]",
            new() { ["recurrent.head"] = "fc", ["recurrent.head_activation"] = "sigmoid" }),
        new("GruBidi24x16x2", "gru", 24, 16, 2, true, 0, 0, "[Gru(InputSize = 24, HiddenSize = 16, Layers = 2, Bidirectional = true)]"),
        // Fast sigmoid/tanh: still within the parity limit of the exact runtime over a whole sequence.
        new("LstmFast1x16", "lstm", 1, 16, 1, false, 0, 0, "[Lstm(InputSize = 1, HiddenSize = 16, FastActivations = true)]", Fast: true),
        new("GruFast8x32", "gru", 8, 32, 1, false, 0, 0, "[Gru(InputSize = 8, HiddenSize = 32, FastActivations = true)]", Fast: true),
        // Cells past 512 KiB of weights: Run and RunLast precompute their input half 4 steps at a time (7 steps:
        // one chunk, then 3 single steps). Two layers with a projection and a head; both GRU conventions; an RNN.
        new("LstmChunked64x192x2", "lstm", 64, 192, 2, false, 128, 5, "[Lstm(InputSize = 64, HiddenSize = 192, Layers = 2, ProjSize = 128, HeadSize = 5)]",
            new() { ["recurrent.head"] = "fc" }),
        new("GruChunked64x192", "gru", 64, 192, 1, false, 0, 0, "[Gru(InputSize = 64, HiddenSize = 192)]"),
        new("GruBeforeChunked64x192", "gru", 64, 192, 1, false, 0, 0, "[Gru(InputSize = 64, HiddenSize = 192, Reset = RecurrentGruResetMode.BeforeMatmul)]",
            new() { ["recurrent.gru_reset"] = "before" }),
        new("RnnChunked256x288", "rnn", 256, 288, 1, false, 0, 0, "[Rnn(InputSize = 256, HiddenSize = 288)]"),
        // Bidirectional: every cell chunked; the reverse cell steps the last 3 steps first, then the chunk backwards.
        new("LstmBidiChunked64x192x2", "lstm", 64, 192, 2, true, 0, 0, "[Lstm(InputSize = 64, HiddenSize = 192, Layers = 2, Bidirectional = true)]"),
        new("GruBeforeBidiChunked64x192", "gru", 64, 192, 1, true, 0, 0, "[Gru(InputSize = 64, HiddenSize = 192, Bidirectional = true, Reset = RecurrentGruResetMode.BeforeMatmul)]",
            new() { ["recurrent.gru_reset"] = "before" }),
        // 1→N (OutputSize == InputSize): decoders whose softmax head feeds their input, each with an encoder of the same
        // state shape to start from; an LSTM fed back through its projection (three panels of 16); an RNN fed its own h.
        new("GruEncoder3x16", "gru", 3, 16, 1, false, 0, 0, "[Gru(InputSize = 3, HiddenSize = 16)]"),
        new("GruDecoder5x16", "gru", 5, 16, 1, false, 0, 5, "[Gru(InputSize = 5, HiddenSize = 16, HeadSize = 5, HeadActivation = RecurrentHeadActivation.Softmax)]",
            new() { ["recurrent.head"] = "fc", ["recurrent.head_activation"] = "softmax" }),
        new("LstmEncoder7x32x2", "lstm", 7, 32, 2, false, 0, 0, "[Lstm(InputSize = 7, HiddenSize = 32, Layers = 2)]"),
        new("LstmDecoder10x32x2", "lstm", 10, 32, 2, false, 0, 10, "[Lstm(InputSize = 10, HiddenSize = 32, Layers = 2, HeadSize = 10, HeadActivation = RecurrentHeadActivation.Softmax)]",
            new() { ["recurrent.head"] = "fc", ["recurrent.head_activation"] = "softmax" }),
        new("LstmProjFeedback16x48", "lstm", 16, 48, 1, false, 16, 0, "[Lstm(InputSize = 16, HiddenSize = 48, ProjSize = 16)]"),
        new("RnnFeedback12x12", "rnn", 12, 12, 1, false, 0, 0, "[Rnn(InputSize = 12, HiddenSize = 12)]"),
        // StepBatch's groups of 8, 4 and 2 through stacked cells with a head: layer 1's input is each stream's new h of
        // layer 0, and the head runs per stream after the grouped step.
        new("LstmHead12x128x2", "lstm", 12, 128, 2, false, 0, 4, "[Lstm(InputSize = 12, HiddenSize = 128, Layers = 2, HeadSize = 4)]",
            new() { ["recurrent.head"] = "fc" }),
    };

    /// <summary>Encoder–decoder pairs of <see cref="All"/>: the encoder's final state starts the decoder.</summary>
    public static readonly (string Encoder, string Decoder)[] EncoderDecoderPairs =
    {
        ("GruEncoder3x16", "GruDecoder5x16"),
        ("LstmEncoder7x32x2", "LstmDecoder10x32x2"),
    };

    /// <summary>Whether the generated model has Generate (ApiEmitter.CanGenerate): unidirectional, OutputSize == InputSize.</summary>
    public bool Generates => !Bidirectional && OutputSize == Input;

    public int Directions => Bidirectional ? 2 : 1;

    public int HiddenOutput => Proj > 0 ? Proj : Hidden;

    public int Gates => Kind switch { "lstm" => 4, "gru" => 3, _ => 1 };

    public int OutputSize => Head > 0 ? Head : Directions * HiddenOutput;

    public int StateSize => (Layers * Directions * HiddenOutput) + (Kind == "lstm" ? Layers * Directions * Hidden : 0);

    /// <summary>Writes the weights (uniform in ±1/√H, PyTorch's init range, seeded by the name) under the prefix "rnn.".</summary>
    public string Write(string folder)
    {
        var random = new Random(StableSeed(Name));
        float scale = 1f / MathF.Sqrt(Hidden);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => ((float)random.NextDouble() * 2f - 1f) * scale * 2f).ToArray();
        var writer = new SafeTensorsWriter();
        for (int layer = 0; layer < Layers; layer++)
        {
            for (int d = 0; d < Directions; d++)
            {
                string suffix = "_l" + layer.ToString(CultureInfo.InvariantCulture) + (d == 1 ? "_reverse" : "");
                int rows = Gates * Hidden;
                int columns = layer == 0 ? Input : Directions * HiddenOutput;
                writer.Add("rnn.weight_ih" + suffix, Values(rows * columns), rows, columns);
                writer.Add("rnn.weight_hh" + suffix, Values(rows * HiddenOutput), rows, HiddenOutput);
                writer.Add("rnn.bias_ih" + suffix, Values(rows), rows);
                writer.Add("rnn.bias_hh" + suffix, Values(rows), rows);
                if (Proj > 0)
                {
                    writer.Add("rnn.weight_hr" + suffix, Values(Proj * Hidden), Proj, Hidden);
                }
            }
        }
        if (Head > 0)
        {
            writer.Add("fc.weight", Values(Head * Directions * HiddenOutput), Head, Directions * HiddenOutput);
            writer.Add("fc.bias", Values(Head), Head);
        }
        foreach (var (key, value) in Metadata ?? new Dictionary<string, string>())
        {
            writer.Metadata[key] = value;
        }
        string path = Path.Combine(folder, Name + ".safetensors");
        writer.Save(path);
        return path;
    }

    public float[] Inputs(int steps)
    {
        var random = new Random(steps + Input);
        return Enumerable.Range(0, steps * Input).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
    }

    public float[] InitialState()
    {
        var random = new Random(StateSize);
        return Enumerable.Range(0, StateSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    }

    /// <summary>A seed from the name that is the same in every process (string.GetHashCode is randomized per process).</summary>
    private static int StableSeed(string name)
    {
        int seed = 12345;
        foreach (char c in name)
        {
            seed = unchecked((seed * 31) + c);
        }
        return seed & 0x7fffffff;
    }
}
