using Recurrent.Aot.Generation;

namespace LongMemory;

// One model per cell kind and gap, trained by train/ (32 units, a softmax head over the 4 classes).
// The generator embeds each file's weights: nothing is read at run time.

[RecurrentModel("models/rnn-gap5.safetensors")]
public static partial class RnnGap5;

[RecurrentModel("models/rnn-gap10.safetensors")]
public static partial class RnnGap10;

[RecurrentModel("models/rnn-gap20.safetensors")]
public static partial class RnnGap20;

[RecurrentModel("models/rnn-gap50.safetensors")]
public static partial class RnnGap50;

[RecurrentModel("models/lstm-gap5.safetensors")]
public static partial class LstmGap5;

[RecurrentModel("models/lstm-gap10.safetensors")]
public static partial class LstmGap10;

[RecurrentModel("models/lstm-gap20.safetensors")]
public static partial class LstmGap20;

[RecurrentModel("models/lstm-gap50.safetensors")]
public static partial class LstmGap50;

[RecurrentModel("models/gru-gap5.safetensors")]
public static partial class GruGap5;

[RecurrentModel("models/gru-gap10.safetensors")]
public static partial class GruGap10;

[RecurrentModel("models/gru-gap20.safetensors")]
public static partial class GruGap20;

[RecurrentModel("models/gru-gap50.safetensors")]
public static partial class GruGap50;
