using Recurrent.Aot.Generation;

namespace StreamingSensor;

/// <summary>
/// The next-sample predictor: a 2-layer LSTM (input 1, hidden 16) with a linear head, trained by train.sh on
/// windows of the synthetic sensor to output x_{t+1} after reading x_t. The generator embeds sensor.safetensors
/// at compile time, so the binary reads no file.
/// </summary>
[RecurrentModel("sensor.safetensors")]
internal static partial class SensorLstm;
