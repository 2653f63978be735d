namespace Recurrent.Aot.Interop.Keras;

/// <summary>What the Keras model returns, and so how to run the imported model to get the same numbers.</summary>
public enum KerasOutput
{
    /// <summary>
    /// N→N (last recurrent layer has return_sequences=True): every step's output, <c>RecurrentModel.Run</c>
    /// (<c>recurrent run</c> writes exactly this).
    /// </summary>
    Sequence,

    /// <summary>
    /// N→1 of a unidirectional model (return_sequences=False): the last step's output (after the head, if any),
    /// <c>RecurrentModel.RunLast</c>, or the last row of <c>recurrent run</c>.
    /// </summary>
    LastStep,

    /// <summary>
    /// N→1 of a Bidirectional last layer without a head: Keras concatenates both directions' final states, which is
    /// the last layer's h_n (forward, reverse) after <c>RecurrentModel.Run</c> (<c>recurrent run --hn</c>), not the
    /// last output row (whose reverse half has seen only the last step).
    /// </summary>
    FinalState,

    /// <summary>
    /// N→N of a go_backwards layer: Keras returns the outputs in the order it computed them (t = T−1 first). The
    /// imported model is a reverse module (<c>recurrent.direction = reverse</c>) whose outputs are aligned with the
    /// input steps, so Keras's output is <c>RecurrentModel.Run</c>'s rows in reverse order.
    /// </summary>
    ReversedSequence,

    /// <summary>
    /// N→1 of a go_backwards layer: Keras returns the output after the layer has read the whole sequence, which in
    /// the reverse module is the output aligned with step 0: <c>RecurrentModel.Run</c>'s first row (after the head, if any).
    /// </summary>
    FirstStep,
}
