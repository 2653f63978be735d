using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text;
using Tagging;

// Slot filling (seed 003, N→N): a bidirectional GRU embedded in this binary tags every token of generated travel
// requests. The app prints tagged sentences, measures token accuracy, allocations and time on fresh sentences,
// and compares a forward-only GRU of the same size.
const int Sentences = 5000;
const ulong DataSeed = 2026;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int v = Corpus.VocabularySize;
int tagCount = Corpus.Tags.Length;
if (Tagger.InputSize != v || ForwardOnlyTagger.InputSize != v || Tagger.OutputSize != tagCount)
{
    Console.WriteLine($"FAILED: the models take {Tagger.InputSize} inputs and give {Tagger.OutputSize} tags, the corpus has {v} words and {tagCount} tags: retrain (train/)");
    return 1;
}

Console.WriteLine($"Slot filling: a bidirectional GRU ({Tagger.HiddenSize} units per direction, {Tagger.ParameterCount} parameters) tags each token of generated travel requests");
Console.WriteLine($"Vocabulary {v} words (one-hot), tags {string.Join(' ', Corpus.Tags)}; SIMD: Vector256 {Vector256.IsHardwareAccelerated}, Vector512 {Vector512.IsHardwareAccelerated}");
Console.WriteLine($"CPU: {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, AdvSimd {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}, Avx2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, Vector128 {System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated}");

Span<int> tokens = stackalloc int[Corpus.MaxTokens];
Span<int> tags = stackalloc int[Corpus.MaxTokens];
Span<int> predicted = stackalloc int[Corpus.MaxTokens];
Span<int> forwardPredicted = stackalloc int[Corpus.MaxTokens];
Span<float> inputs = stackalloc float[Corpus.MaxTokens * Tagger.InputSize];
Span<float> outputs = stackalloc float[Corpus.MaxTokens * Tagger.OutputSize];
Span<float> workspace = stackalloc float[Tagger.WorkspaceSize(Corpus.MaxTokens)];

// A few sentences with the tags the model gives them.
Console.WriteLine();
var examples = new SplitMix64(7);
for (int i = 0; i < 8; i++)
{
    int n = Corpus.Generate(ref examples, tokens, tags);
    Taggers.Bidirectional(tokens[..n], predicted, inputs, outputs, workspace);
    Console.Write(Taggers.Format(tokens[..n], predicted[..n], tags[..n]));
}

// Accuracy and allocations on fresh sentences (a seed the training never used), after one warm-up call each.
Taggers.ForwardOnly(tokens[..1], forwardPredicted, inputs, outputs);
var data = new SplitMix64(DataSeed);
long correct = 0, forwardCorrect = 0, total = 0;
int sentencesRight = 0, forwardSentencesRight = 0;
int shownForwardMistake = -1;
var mistake = new StringBuilder();
long allocated = 0;
for (int i = 0; i < Sentences; i++)
{
    int n = Corpus.Generate(ref data, tokens, tags);
    long before = GC.GetAllocatedBytesForCurrentThread();
    Taggers.Bidirectional(tokens[..n], predicted, inputs, outputs, workspace);
    Taggers.ForwardOnly(tokens[..n], forwardPredicted, inputs, outputs);
    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
    int right = 0, forwardRight = 0;
    for (int t = 0; t < n; t++)
    {
        right += predicted[t] == tags[t] ? 1 : 0;
        forwardRight += forwardPredicted[t] == tags[t] ? 1 : 0;
    }

    correct += right;
    forwardCorrect += forwardRight;
    total += n;
    sentencesRight += right == n ? 1 : 0;
    forwardSentencesRight += forwardRight == n ? 1 : 0;
    if (shownForwardMistake < 0 && forwardRight < n && right == n)
    {
        shownForwardMistake = i;
        mistake.Append(Taggers.Format(tokens[..n], forwardPredicted[..n], tags[..n]));
    }
}

double tokenAccuracy = (double)correct / total;
double sentenceAccuracy = (double)sentencesRight / Sentences;
double forwardTokenAccuracy = (double)forwardCorrect / total;
double forwardSentenceAccuracy = (double)forwardSentencesRight / Sentences;
Console.WriteLine();
Console.WriteLine($"On {Sentences} fresh sentences ({total} tokens):");
Console.WriteLine($"  bidirectional GRU: token accuracy {100 * tokenAccuracy:F2}%, sentences with every tag right {100 * sentenceAccuracy:F1}%");
Console.WriteLine($"  forward-only GRU:  token accuracy {100 * forwardTokenAccuracy:F2}%, sentences with every tag right {100 * forwardSentenceAccuracy:F1}%");
if (mistake.Length > 0)
{
    Console.WriteLine("  the forward-only GRU cannot see the words after a token; sentence " + shownForwardMistake + " (* = wrong tag):");
    Console.Write(mistake);
}

Console.WriteLine($"Heap bytes allocated while tagging: {allocated} over {Sentences} sentences ({(double)allocated / Sentences:F0} per sentence)");

// Time: the best of 10 rounds over the same 500 sentences (other work on the machine only adds).
const int Rounds = 10, PerRound = 500;
double bestPerToken = double.MaxValue, bestPerSentence = double.MaxValue;
for (int round = 0; round < Rounds; round++)
{
    var timed = new SplitMix64(11);
    long tokensTimed = 0;
    long elapsed = 0;
    for (int i = 0; i < PerRound; i++)
    {
        int n = Corpus.Generate(ref timed, tokens, tags);
        long start = Stopwatch.GetTimestamp();
        Taggers.Bidirectional(tokens[..n], predicted, inputs, outputs, workspace);
        elapsed += Stopwatch.GetTimestamp() - start;
        tokensTimed += n;
    }

    double ns = (double)elapsed * 1e9 / Stopwatch.Frequency;
    bestPerToken = Math.Min(bestPerToken, ns / tokensTimed);
    bestPerSentence = Math.Min(bestPerSentence, ns / PerRound);
}

Console.WriteLine($"Time (bidirectional, one-hot encoding + Run + argmax, best of {Rounds} rounds): {bestPerSentence / 1000:F2} us per sentence, {bestPerToken:F0} ns per token");

// Self-check: thresholds a broken model or pipeline cannot reach.
var failures = new List<string>();
if (tokenAccuracy < 0.99)
{
    failures.Add($"token accuracy {100 * tokenAccuracy:F2}% < 99%");
}

if (sentenceAccuracy < 0.95)
{
    failures.Add($"sentences all right {100 * sentenceAccuracy:F1}% < 95%");
}

if (sentenceAccuracy - forwardSentenceAccuracy < 0.03)
{
    failures.Add("the bidirectional GRU should get at least 3 points more whole sentences right than the forward-only one");
}

if (allocated != 0)
{
    failures.Add("tagging should allocate nothing");
}

foreach (string failure in failures)
{
    Console.WriteLine($"FAILED: {failure}");
}

Console.WriteLine(failures.Count == 0 ? "OK" : "FAILED");
return failures.Count == 0 ? 0 : 1;
