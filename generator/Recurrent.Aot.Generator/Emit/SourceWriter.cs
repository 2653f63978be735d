using System;
using System.Text;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>A StringBuilder with indentation: every line written gets the current indent.</summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _sb = new();

    public int Indentation { get; set; }

    public int Length => _sb.Length;

    /// <summary>Writes a line (or several, each re-indented).</summary>
    public SourceWriter Line(string text = "")
    {
        if (text.Length == 0)
        {
            _sb.Append('\n');
            return this;
        }
        foreach (string line in text.Split('\n'))
        {
            if (line.Length > 0)
            {
                _sb.Append(' ', Indentation * IndentSize);
                _sb.Append(line);
            }
            _sb.Append('\n');
        }
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace and indents until the returned scope is disposed.</summary>
    public Block Open(string header)
    {
        if (header.Length > 0)
        {
            Line(header);
        }
        Line("{");
        Indentation++;
        return new Block(this);
    }

    /// <summary>Appends raw text without indentation (large data blocks).</summary>
    public void Raw(string text) => _sb.Append(text);

    public StringBuilder Builder => _sb;

    public override string ToString()
    {
        if (Indentation != 0)
        {
            throw new InvalidOperationException("Unbalanced indentation: " + Indentation);
        }
        return _sb.ToString();
    }

    internal readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;

        public Block(SourceWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer.Indentation--;
            _writer.Line("}");
        }
    }
}
