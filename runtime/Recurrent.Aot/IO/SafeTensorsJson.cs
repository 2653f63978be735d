using System;
using System.Globalization;
using System.Text;
using Recurrent.Aot.Loading.Rules;
using static System.FormattableString;

namespace Recurrent.Aot.IO;

/// <summary>The kind of a JSON value, as an error message names what it found.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>
/// A strict forward-only reader of the JSON in a safetensors header, over its UTF-8 bytes (RFC 8259: no comments,
/// no trailing commas, one value). <see cref="SafeTensorsHeader"/> walks the structure it expects and asks for each
/// value in turn; any other syntax fails with a message that says what was expected and at which byte.
/// </summary>
internal ref struct SafeTensorsJson
{
    /// <summary>Deeper nesting is refused (System.Text.Json's default limit).</summary>
    private const int MaxDepth = 64;

    private static readonly string[] Literals = ["true", "false", "null"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _json;
    private int _position;
    private int _depth;

    public SafeTensorsJson(ReadOnlySpan<byte> json)
    {
        _json = json;
        _position = 0;
        _depth = 0;
    }

    /// <summary>"an object", "a string", ...: what an error message says it found.</summary>
    public static string Describe(JsonKind kind) => kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.Boolean => "a boolean",
        _ => "null",
    };

    /// <summary>Whether only white space is left.</summary>
    public bool AtEnd()
    {
        SkipWhiteSpace();
        return _position == _json.Length;
    }

    /// <summary>The kind of the next value, without reading it.</summary>
    public JsonKind Peek()
    {
        SkipWhiteSpace();
        if (_position == _json.Length)
        {
            throw RuleFailure.Malformed("The safetensors header ends in the middle of its JSON.");
        }

        byte next = _json[_position];
        return next switch
        {
            (byte)'{' => JsonKind.Object,
            (byte)'[' => JsonKind.Array,
            (byte)'"' => JsonKind.String,
            (byte)'t' or (byte)'f' => JsonKind.Boolean,
            (byte)'n' => JsonKind.Null,
            (byte)'-' or (>= (byte)'0' and <= (byte)'9') => JsonKind.Number,
            _ => throw Invalid(Unexpected(next) + " where a value should start"),
        };
    }

    /// <summary>Reads the <c>{</c> or <c>[</c> that opens an object or array.</summary>
    public void Enter(char open)
    {
        Expect(open);
        if (++_depth > MaxDepth)
        {
            throw Invalid(Invariant($"nesting deeper than {MaxDepth} levels"));
        }
    }

    /// <summary>Moves to the next member of the object just entered: false at its closing brace.</summary>
    /// <param name="first">True before the first member; the reader clears it.</param>
    /// <param name="name">The member's name.</param>
    public bool NextMember(ref bool first, out string name)
    {
        name = "";
        if (!Next('}', ref first))
        {
            return false;
        }

        SkipWhiteSpace();
        if (_position == _json.Length || _json[_position] != (byte)'"')
        {
            throw Invalid("expected a property name in quotes");
        }

        name = ReadString();
        Expect(':');
        return true;
    }

    /// <summary>Moves to the next element of the array just entered: false at its closing bracket.</summary>
    public bool NextElement(ref bool first) => Next(']', ref first);

    /// <summary>Reads a string value (the next value must be one).</summary>
    public string ReadString()
    {
        Expect('"');
        var text = new StringBuilder();
        int run = _position;
        while (true)
        {
            if (_position == _json.Length)
            {
                throw Invalid("a string is not closed");
            }

            byte b = _json[_position];
            if (b == (byte)'"' || b == (byte)'\\')
            {
                AppendUtf8(text, run, _position);
                _position++;
                if (b == (byte)'"')
                {
                    return text.ToString();
                }

                AppendEscape(text);
                run = _position;
                continue;
            }

            if (b < 0x20)
            {
                throw Invalid("a control character inside a string");
            }

            _position++;
        }
    }

    /// <summary>
    /// Reads the next value as a whole number that fits in 64 bits; otherwise <paramref name="found"/> says what is
    /// there ("the number 2.5", "a string") and the value is left unread.
    /// </summary>
    public bool TryReadInteger(out long value, out string found)
    {
        value = 0;
        JsonKind kind = Peek();
        if (kind != JsonKind.Number)
        {
            found = Describe(kind);
            return false;
        }

        int start = _position;
        bool integer = ScanNumber();
        string token = Encoding.ASCII.GetString(_json.Slice(start, _position - start).ToArray());
        found = "the number " + token;
        return integer && long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads past the next value, whatever it is, checking its syntax.</summary>
    public void SkipValue()
    {
        switch (Peek())
        {
            case JsonKind.Object:
                Enter('{');
                bool firstMember = true;
                while (NextMember(ref firstMember, out _))
                {
                    SkipValue();
                }

                break;
            case JsonKind.Array:
                Enter('[');
                bool firstElement = true;
                while (NextElement(ref firstElement))
                {
                    SkipValue();
                }

                break;
            case JsonKind.String:
                ReadString();
                break;
            case JsonKind.Number:
                ScanNumber();
                break;
            default:
                ReadLiteral();
                break;
        }
    }

    /// <summary>Fails unless only white space follows the value read.</summary>
    public void ExpectEnd()
    {
        if (!AtEnd())
        {
            throw Invalid(Unexpected(_json[_position]) + " after the closing brace");
        }
    }

    /// <summary>Past a separator to the next item, or past the closing bracket (false).</summary>
    private bool Next(char close, ref bool first)
    {
        SkipWhiteSpace();
        if (_position < _json.Length && _json[_position] == (byte)close)
        {
            _position++;
            _depth--;
            return false;
        }

        if (!first)
        {
            if (_position == _json.Length || _json[_position] != (byte)',')
            {
                throw Invalid($"expected ',' or '{close}'");
            }

            _position++;
            SkipWhiteSpace();
            if (_position < _json.Length && _json[_position] == (byte)close)
            {
                throw Invalid($"a ',' right before '{close}'");
            }
        }

        first = false;
        return true;
    }

    /// <summary>Scans a number token; true when it is a plain integer (no fraction, no exponent).</summary>
    private bool ScanNumber()
    {
        int start = _position;
        if (_json[_position] == (byte)'-')
        {
            _position++;
        }

        int digits = Digits();
        if (digits == 0 || (digits > 1 && _json[_position - digits] == (byte)'0'))
        {
            _position = start;
            throw Invalid("a malformed number");
        }

        bool integer = true;
        if (_position < _json.Length && _json[_position] == (byte)'.')
        {
            _position++;
            integer = false;
            if (Digits() == 0)
            {
                throw Invalid("a malformed number");
            }
        }

        if (_position < _json.Length && (_json[_position] == (byte)'e' || _json[_position] == (byte)'E'))
        {
            _position++;
            integer = false;
            if (_position < _json.Length && (_json[_position] == (byte)'+' || _json[_position] == (byte)'-'))
            {
                _position++;
            }

            if (Digits() == 0)
            {
                throw Invalid("a malformed number");
            }
        }

        return integer;
    }

    private int Digits()
    {
        int start = _position;
        while (_position < _json.Length && _json[_position] >= (byte)'0' && _json[_position] <= (byte)'9')
        {
            _position++;
        }

        return _position - start;
    }

    private void ReadLiteral()
    {
        foreach (string literal in Literals)
        {
            if (_json.Length - _position >= literal.Length && Encoding.ASCII.GetString(_json.Slice(_position, literal.Length).ToArray()) == literal)
            {
                _position += literal.Length;
                return;
            }
        }

        throw Invalid("an unknown literal (expected true, false or null)");
    }

    /// <summary>Decodes bytes [start, end) of a string, refusing invalid UTF-8.</summary>
    private void AppendUtf8(StringBuilder text, int start, int end)
    {
        if (end == start)
        {
            return;
        }

        try
        {
            text.Append(StrictUtf8.GetString(_json.Slice(start, end - start).ToArray()));
        }
        catch (ArgumentException)
        {
            throw RuleFailure.Malformed(Invariant($"The safetensors header is not valid UTF-8 JSON: a string holds invalid UTF-8 (byte {start})."));
        }
    }

    /// <summary>Reads the escape after a backslash.</summary>
    private void AppendEscape(StringBuilder text)
    {
        if (_position == _json.Length)
        {
            throw Invalid("a string is not closed");
        }

        byte e = _json[_position++];
        switch (e)
        {
            case (byte)'"': text.Append('"'); break;
            case (byte)'\\': text.Append('\\'); break;
            case (byte)'/': text.Append('/'); break;
            case (byte)'b': text.Append('\b'); break;
            case (byte)'f': text.Append('\f'); break;
            case (byte)'n': text.Append('\n'); break;
            case (byte)'r': text.Append('\r'); break;
            case (byte)'t': text.Append('\t'); break;
            case (byte)'u':
                if (_json.Length - _position < 4
                    || !int.TryParse(Encoding.ASCII.GetString(_json.Slice(_position, 4).ToArray()), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                {
                    throw Invalid("an invalid \\u escape");
                }

                text.Append((char)code);
                _position += 4;
                break;
            default:
                _position--;
                throw Invalid("an invalid escape '\\" + (char)e + "'");
        }
    }

    private void Expect(char c)
    {
        SkipWhiteSpace();
        if (_position == _json.Length)
        {
            throw RuleFailure.Malformed("The safetensors header ends in the middle of its JSON.");
        }

        if (_json[_position] != (byte)c)
        {
            throw Invalid($"expected '{c}', found {Unexpected(_json[_position])}");
        }

        _position++;
    }

    private void SkipWhiteSpace()
    {
        while (_position < _json.Length && _json[_position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _position++;
        }
    }

    private static string Unexpected(byte b)
        => b >= 0x20 && b < 0x7F ? "'" + (char)b + "'" : Invariant($"byte 0x{b:X2}");

    private readonly Exception Invalid(string detail)
        => RuleFailure.Malformed(Invariant($"The safetensors header is not valid JSON: {detail} at byte {_position}."));
}
