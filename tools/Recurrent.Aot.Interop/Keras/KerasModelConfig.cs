namespace Recurrent.Aot.Interop.Keras;

/// <summary>
/// What a Keras model config says: the chain of layers from the input to the output (InputLayer left out),
/// and the Keras version when the config itself records one (<c>model.to_json()</c> of Keras 2 does).
/// </summary>
internal sealed record KerasModelConfig(string ModelClass, IReadOnlyList<KerasLayer> Layers, string? KerasVersion);
