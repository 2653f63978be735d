namespace Recurrent.Aot;

/// <summary>The recurrent cell family. Gate row order follows PyTorch: LSTM i, f, g, o; GRU r, z, n.</summary>
#if NETSTANDARD2_0
// Internal in the generator, which compiles this file: a public copy there would clash with the runtime's type.
internal enum CellKind
#else
public enum CellKind
#endif
{
    /// <summary>Elman RNN: h' = act(W_ih x + b_ih + W_hh h + b_hh).</summary>
    Rnn,
    /// <summary>Long short-term memory, four gates (i, f, g, o).</summary>
    Lstm,
    /// <summary>Gated recurrent unit, three gates (r, z, n).</summary>
    Gru,
}
