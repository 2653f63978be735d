using Recurrent.Aot.Generation;

namespace PackageConsumer.Models;

/// <summary>The example model's architecture (2-layer LSTM, input 4, hidden 16, Linear head) declared by shape only.</summary>
[Lstm(InputSize = 4, HiddenSize = 16, Layers = 2, HeadSize = 1)]
public sealed partial class NextStepLstm;
