using System.Text;

namespace Tagging;

/// <summary>Tags a sentence with the embedded models, on caller-owned buffers (nothing allocated per sentence).</summary>
public static class Taggers
{
    /// <summary>One-hot encodes the tokens, runs the bidirectional GRU over the whole sentence (N→N) and takes each step's best tag.</summary>
    public static void Bidirectional(ReadOnlySpan<int> tokens, Span<int> tags, Span<float> inputs, Span<float> outputs, Span<float> workspace)
    {
        int n = tokens.Length;
        Corpus.OneHot(tokens, inputs);
        Tagger.State state = Tagger.InitialState;
        Tagger.Run(inputs[..(n * Tagger.InputSize)], ref state, outputs[..(n * Tagger.OutputSize)], workspace[..Tagger.WorkspaceSize(n)]);
        ArgMax(outputs, n, Tagger.OutputSize, tags);
    }

    /// <summary>The same with the forward-only GRU.</summary>
    public static void ForwardOnly(ReadOnlySpan<int> tokens, Span<int> tags, Span<float> inputs, Span<float> outputs)
    {
        int n = tokens.Length;
        Corpus.OneHot(tokens, inputs);
        ForwardOnlyTagger.State state = ForwardOnlyTagger.InitialState;
        ForwardOnlyTagger.Run(inputs[..(n * ForwardOnlyTagger.InputSize)], ref state, outputs[..(n * ForwardOnlyTagger.OutputSize)]);
        ArgMax(outputs, n, ForwardOnlyTagger.OutputSize, tags);
    }

    /// <summary>Two aligned lines: the words, then the predicted tags (a * after a tag that differs from the expected one).</summary>
    public static string Format(ReadOnlySpan<int> tokens, ReadOnlySpan<int> predicted, ReadOnlySpan<int> expected)
    {
        var words = new StringBuilder("    ");
        var tags = new StringBuilder("    ");
        for (int t = 0; t < tokens.Length; t++)
        {
            string word = Corpus.Words[tokens[t]];
            string tag = Corpus.Tags[predicted[t]] + (predicted[t] == expected[t] ? string.Empty : "*");
            int width = Math.Max(word.Length, tag.Length) + 1;
            words.Append(word.PadRight(width));
            tags.Append(tag.PadRight(width));
        }

        return words.ToString().TrimEnd() + "\n" + tags.ToString().TrimEnd() + "\n";
    }

    private static void ArgMax(ReadOnlySpan<float> outputs, int steps, int classes, Span<int> best)
    {
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<float> p = outputs.Slice(t * classes, classes);
            int k = 0;
            for (int c = 1; c < classes; c++)
            {
                k = p[c] > p[k] ? c : k;
            }

            best[t] = k;
        }
    }
}
