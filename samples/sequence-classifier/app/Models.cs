using Recurrent.Aot.Generation;

namespace SequenceClassifier;

/// <summary>
/// Keras <c>LSTM(50, activation='relu')</c> + <c>Dense(2, activation='softmax')</c>, trained by ../train: relu
/// candidate and cell activations, sigmoid gates, read from the file's metadata. Weights embedded at compile time.
/// </summary>
[RecurrentModel("models/lstm-relu.safetensors")]
public static partial class LstmClassifier;

/// <summary>Keras <c>GRU(50, activation='relu')</c> + <c>Dense(2, activation='softmax')</c>: relu candidate, sigmoid gates.</summary>
[RecurrentModel("models/gru-relu.safetensors")]
public static partial class GruClassifier;

/// <summary>One sequence in, class probabilities out; a struct per model so generic code calls the generated methods directly.</summary>
public interface IClassifier
{
    static abstract string Name { get; }

    static abstract int ParameterCount { get; }

    /// <summary>The trainer's P(class 1) per test sequence.</summary>
    static abstract ReadOnlySpan<float> Reference { get; }

    /// <summary>Runs one sequence (steps of one value) from the model's initial state; writes the 2 class probabilities.</summary>
    static abstract void Classify(ReadOnlySpan<float> sequence, Span<float> probabilities);
}

public readonly struct Lstm : IClassifier
{
    public static string Name => "LSTM(50, relu)";

    public static int ParameterCount => LstmClassifier.ParameterCount;

    public static ReadOnlySpan<float> Reference => TrainerReference.Lstm;

    public static void Classify(ReadOnlySpan<float> sequence, Span<float> probabilities)
    {
        LstmClassifier.State state = LstmClassifier.InitialState;
        LstmClassifier.RunLast(sequence, ref state, probabilities);
    }
}

public readonly struct Gru : IClassifier
{
    public static string Name => "GRU(50, relu)";

    public static int ParameterCount => GruClassifier.ParameterCount;

    public static ReadOnlySpan<float> Reference => TrainerReference.Gru;

    public static void Classify(ReadOnlySpan<float> sequence, Span<float> probabilities)
    {
        GruClassifier.State state = GruClassifier.InitialState;
        GruClassifier.RunLast(sequence, ref state, probabilities);
    }
}
