using Recurrent.Aot.Generation;

namespace Recurrent.Aot.Sample;

/// <summary>
/// The README's example model (a 2-layer LSTM, input 4, hidden 16, with a Linear head) embedded at
/// compile time: nothing is read or parsed at run time.
/// </summary>
[RecurrentModel("models/example-lstm.safetensors")]
public static partial class SinePredictor;

/// <summary>The same architecture declared by shape only; its weights are loaded from a file at run time.</summary>
[Lstm(InputSize = 4, HiddenSize = 16, Layers = 2, HeadSize = 1)]
public sealed partial class NextStepLstm;
