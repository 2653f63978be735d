using Recurrent.Aot.Generation;

namespace BinaryAddition;

/// <summary>
/// The RNN of seed 001: 2 inputs (bit t of a and of b, least significant first), 3 tanh hidden units, a sigmoid
/// output (bit t of a + b), and a learned initial state. Trained by train.sh; the generator embeds the 28 floats
/// of add.safetensors at compile time, so the binary reads no file.
/// </summary>
[RecurrentModel("add.safetensors")]
internal static partial class AdditionRnn;
