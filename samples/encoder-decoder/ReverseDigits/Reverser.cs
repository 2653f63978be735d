namespace ReverseDigits;

/// <summary>Reverses digit strings with the embedded encoder and decoder; every method is allocation-free.</summary>
public static class Reverser
{
    /// <summary>Longest string reversed (its one-hot rows live on the stack); the models were trained on 1 to 8 digits.</summary>
    public const int MaxLength = 64;

    /// <summary>Greedy decoding: the encoder's final state starts the decoder, which feeds back the one-hot of each step's argmax.</summary>
    public static void Reverse(ReadOnlySpan<char> digits, Span<char> reversed)
    {
        Decoder.State state = Encode(digits);
        Span<float> x = stackalloc float[Decoder.InputSize];
        Span<float> y = stackalloc float[Decoder.OutputSize];
        x.Clear();                                              // step 0 sees zeros, as in training
        for (int t = 0; t < digits.Length; t++)
        {
            Decoder.Step(x, ref state, y);
            int digit = ArgMax(y);
            reversed[t] = (char)('0' + digit);
            x.Clear();
            x[digit] = 1f;                                      // the next input: the one-hot of this step's digit
        }
    }

    /// <summary>
    /// The same with the generated Generate, which feeds back the decoder's output as it is (the softmax
    /// probabilities, not their one-hot): what 1→N with feedback does, for comparison.
    /// </summary>
    public static void ReverseWithGenerate(ReadOnlySpan<char> digits, Span<char> reversed)
    {
        Decoder.State state = Encode(digits);
        Span<float> first = stackalloc float[Decoder.InputSize];
        Span<float> outputs = stackalloc float[digits.Length * Decoder.OutputSize];
        first.Clear();
        Decoder.Generate(first, ref state, outputs);
        for (int t = 0; t < digits.Length; t++)
        {
            reversed[t] = (char)('0' + ArgMax(outputs.Slice(t * Decoder.OutputSize, Decoder.OutputSize)));
        }
    }

    /// <summary>True when every character is a decimal digit and the length is 1..MaxLength.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty || digits.Length > MaxLength)
        {
            return false;
        }
        foreach (char c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Runs the encoder over the one-hot digits; its final state, in the runtime's layout, becomes the decoder's.</summary>
    private static Decoder.State Encode(ReadOnlySpan<char> digits)
    {
        Span<float> inputs = stackalloc float[digits.Length * Encoder.InputSize];
        inputs.Clear();
        for (int i = 0; i < digits.Length; i++)
        {
            inputs[(i * Encoder.InputSize) + (digits[i] - '0')] = 1f;
        }
        Encoder.State encoderState = Encoder.InitialState;
        Span<float> last = stackalloc float[Encoder.OutputSize];
        Encoder.RunLast(inputs, ref encoderState, last);

        // Same cell, layers and hidden size, so the same StateSize: PyTorch's h_n of one stream.
        Span<float> handoff = stackalloc float[Encoder.StateSize];
        encoderState.CopyTo(handoff);
        Decoder.State state = default;
        state.CopyFrom(handoff);
        return state;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
