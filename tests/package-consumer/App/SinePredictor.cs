using Recurrent.Aot.Generation;

namespace PackageConsumer;

/// <summary>The example model (samples/models/example-lstm.safetensors) with its weights embedded at compile time.</summary>
[RecurrentModel("models/example-lstm.safetensors")]
internal static partial class SinePredictor;
