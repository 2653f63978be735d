using Recurrent.Aot.Generation;

namespace ReverseDigits;

/// <summary>GRU over one-hot digits (10 → 64); only its final state is used: it starts the decoder.</summary>
[RecurrentModel("../models/encoder.safetensors")]
public static partial class Encoder;

/// <summary>GRU (10 → 64) with a softmax head over the 10 digits; its input is the one-hot of the digit it wrote last.</summary>
[RecurrentModel("../models/decoder.safetensors")]
public static partial class Decoder;
