using Recurrent.Aot.Generation;

namespace Tagging;

/// <summary>
/// The tagger: a bidirectional GRU (16 units per direction) over one-hot tokens with a softmax head over the 9
/// tags on every step (N→N), trained by train/. Its weights are embedded at compile time.
/// </summary>
[RecurrentModel("models/tagger.safetensors")]
public static partial class Tagger;

/// <summary>The same GRU reading only forwards (trained the same way), to show what the reverse direction adds.</summary>
[RecurrentModel("models/tagger-forward-only.safetensors")]
public static partial class ForwardOnlyTagger;
