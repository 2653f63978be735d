using System.Globalization;

namespace Recurrent.Aot.IO;

/// <summary>
/// Parses the Python dict literal of a .npy header, e.g.
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>: string keys; string, boolean and
/// integer-tuple values; nothing else, since nothing else appears in a header NumPy writes.
/// </summary>
internal ref struct NpyHeaderParser
{
    private readonly ReadOnlySpan<char> text;
    private int position;

    private NpyHeaderParser(ReadOnlySpan<char> text)
    {
        this.text = text;
        position = 0;
    }

    public static Dictionary<string, object> Parse(ReadOnlySpan<char> text)
    {
        var parser = new NpyHeaderParser(text);
        Dictionary<string, object> result = parser.ParseDict();
        parser.SkipWhitespace();
        if (parser.position != text.Length)
        {
            throw parser.Error("content after the closing brace");
        }

        return result;
    }

    private Dictionary<string, object> ParseDict()
    {
        Expect('{');
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return result;
            }

            string key = ParseString();
            Expect(':');
            object value = ParseValue();
            if (!result.TryAdd(key, value))
            {
                throw Error($"the key '{key}' twice");
            }

            SkipWhitespace();
            if (!TryConsume(','))
            {
                Expect('}');
                return result;
            }
        }
    }

    private object ParseValue()
    {
        SkipWhitespace();
        if (position >= text.Length)
        {
            throw Error("the end of the header where a value was expected");
        }

        char c = text[position];
        if (c is '\'' or '"')
        {
            return ParseString();
        }

        if (c == '(')
        {
            return ParseTuple();
        }

        if (TryConsumeWord("True"))
        {
            return true;
        }

        if (TryConsumeWord("False"))
        {
            return false;
        }

        throw Error($"an unsupported value starting with '{c}'");
    }

    private int[] ParseTuple()
    {
        Expect('(');
        var items = new List<int>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(')'))
            {
                return items.ToArray();
            }

            items.Add(ParseDimension());
            SkipWhitespace();
            if (!TryConsume(','))
            {
                Expect(')');
                return items.ToArray();
            }
        }
    }

    private int ParseDimension()
    {
        int start = position;
        while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '-'))
        {
            position++;
        }

        // Python 2 era writers may append L to long integers.
        ReadOnlySpan<char> digits = text[start..position];
        if (position < text.Length && text[position] == 'L')
        {
            position++;
        }

        if (!int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < 0)
        {
            throw new WeightsFormatException($"The .npy shape has the entry '{digits}'; expected non-negative integers.");
        }

        return value;
    }

    private string ParseString()
    {
        SkipWhitespace();
        if (position >= text.Length || text[position] is not ('\'' or '"'))
        {
            throw Error("something other than a quoted string");
        }

        char quote = text[position++];
        int start = position;
        while (position < text.Length && text[position] != quote)
        {
            position++;
        }

        if (position >= text.Length)
        {
            throw Error("an unterminated string");
        }

        return text[start..position++].ToString();
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (!TryConsume(c))
        {
            throw Error($"something other than '{c}'");
        }
    }

    private bool TryConsume(char c)
    {
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }

        return false;
    }

    private bool TryConsumeWord(string word)
    {
        if (text[position..].StartsWith(word, StringComparison.Ordinal))
        {
            position += word.Length;
            return true;
        }

        return false;
    }

    private void SkipWhitespace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private readonly WeightsFormatException Error(string found) =>
        new($"The .npy header is not a valid dictionary: found {found} at character {position}.");
}
