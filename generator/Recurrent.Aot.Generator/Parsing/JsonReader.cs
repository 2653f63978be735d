using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Recurrent.Aot.Generator.Parsing;

/// <summary>
/// A small strict JSON parser for safetensors headers. The generator may depend on nothing but Roslyn,
/// so this replaces System.Text.Json. Objects become <see cref="JsonObject"/> (keys also kept in
/// file order), arrays <see cref="List{T}"/>, numbers <see cref="double"/>.
/// </summary>
internal sealed class JsonReader
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _pos;

    private JsonReader(string text) => _text = text;

    /// <summary>Parses one JSON value that must span the whole text.</summary>
    /// <exception cref="FormatException">The text is not valid JSON; the message says where and why.</exception>
    public static object? Parse(string text)
    {
        var reader = new JsonReader(text);
        object? value = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (reader._pos != text.Length)
        {
            throw reader.Error("unexpected text after the JSON value");
        }
        return value;
    }

    private object? ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nesting is deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture));
        }
        SkipWhitespace();
        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of the header");
        }
        char c = _text[_pos];
        switch (c)
        {
            case '{': return ReadObject(depth);
            case '[': return ReadArray(depth);
            case '"': return ReadString();
            case 't': ExpectWord("true"); return true;
            case 'f': ExpectWord("false"); return false;
            case 'n': ExpectWord("null"); return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }
                throw Error("unexpected character '" + c + "'");
        }
    }

    private JsonObject ReadObject(int depth)
    {
        var result = new JsonObject();
        _pos++;
        SkipWhitespace();
        if (TryConsume('}'))
        {
            return result;
        }
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length || _text[_pos] != '"')
            {
                throw Error("expected a property name in quotes");
            }
            string key = ReadString();
            SkipWhitespace();
            if (!TryConsume(':'))
            {
                throw Error("expected ':' after property name \"" + key + "\"");
            }
            object? value = ReadValue(depth + 1);
            if (!result.TryAdd(key, value))
            {
                throw Error("duplicate property \"" + key + "\"");
            }
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return result;
            }
            if (!TryConsume(','))
            {
                throw Error("expected ',' or '}' in an object");
            }
        }
    }

    private List<object?> ReadArray(int depth)
    {
        var result = new List<object?>();
        _pos++;
        SkipWhitespace();
        if (TryConsume(']'))
        {
            return result;
        }
        while (true)
        {
            result.Add(ReadValue(depth + 1));
            SkipWhitespace();
            if (TryConsume(']'))
            {
                return result;
            }
            if (!TryConsume(','))
            {
                throw Error("expected ',' or ']' in an array");
            }
        }
    }

    private string ReadString()
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }
            char c = _text[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }
            if (c < ' ')
            {
                throw Error("control character in a string");
            }
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (_pos >= _text.Length)
            {
                throw Error("unterminated escape");
            }
            char e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Error("invalid \\u escape");
                    }
                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw Error("invalid escape '\\" + e + "'");
            }
        }
    }

    private double ReadNumber()
    {
        int start = _pos;
        if (_text[_pos] == '-')
        {
            _pos++;
        }
        while (_pos < _text.Length && "0123456789.eE+-".IndexOf(_text[_pos]) >= 0)
        {
            _pos++;
        }
        string token = _text.Substring(start, _pos - start);
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw Error("invalid number '" + token + "'");
        }
        return value;
    }

    private void ExpectWord(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            throw Error("unexpected token");
        }
        _pos += word.Length;
    }

    private bool TryConsume(char c)
    {
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t' || _text[_pos] == '\n' || _text[_pos] == '\r'))
        {
            _pos++;
        }
    }

    private FormatException Error(string message)
        => new("JSON header: " + message + " at character " + _pos.ToString(CultureInfo.InvariantCulture));
}

/// <summary>A JSON object that remembers the order its properties appeared in.</summary>
internal sealed class JsonObject : Dictionary<string, object?>
{
    private readonly List<string> _keys = new();

    public IReadOnlyList<string> OrderedKeys => _keys;

    public bool TryAdd(string key, object? value)
    {
        if (ContainsKey(key))
        {
            return false;
        }
        Add(key, value);
        _keys.Add(key);
        return true;
    }
}
