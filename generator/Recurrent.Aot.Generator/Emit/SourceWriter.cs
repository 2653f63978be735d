using System;
using System.Text;

namespace Recurrent.Aot.Generator.Emit;

/// <summary>
/// The only way generated text is written: lines with the current indentation, and braces opened and closed
/// as scopes, so every emitter's output is balanced and indented alike.
/// </summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _sb = new();

    public int Indentation { get; private set; }

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

    /// <summary>
    /// Writes <paramref name="header"/> (none when empty), an opening brace, and indents until the returned scope is
    /// disposed, which writes <paramref name="closing"/> (<c>}</c>, or <c>};</c> after an initializer).
    /// </summary>
    public Block Open(string header, string closing = "}")
    {
        if (header.Length > 0)
        {
            Line(header);
        }
        Line("{");
        Indentation++;
        return new Block(this, closing);
    }

    /// <summary><see cref="Open"/> when <paramref name="condition"/> holds; otherwise a scope that writes nothing.</summary>
    public Block OpenIf(bool condition, string header) => condition ? Open(header) : default;

    /// <summary>Indents the lines written until the returned scope is disposed, with no braces (a continued expression).</summary>
    public Block Indent()
    {
        Indentation++;
        return new Block(this, closing: null);
    }

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
        private readonly SourceWriter? _writer;
        private readonly string? _closing;

        public Block(SourceWriter writer, string? closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            if (_writer is null)
            {
                return;
            }
            _writer.Indentation--;
            if (_closing is not null)
            {
                _writer.Line(_closing);
            }
        }
    }
}
