using System.Globalization;
using System.Runtime.Intrinsics;
using SequenceClassifier;
using SequenceClassifier.Data;

// Seed 002's example done as a NativeAOT app: LSTM(50, relu) and GRU(50, relu) with a softmax head, trained in C# by
// ../train, weights embedded by the generator. Prints both models' test accuracy and per-sequence latency side by
// side, then exactly one last line: OK (exit 0), or what failed (exit 1).
const double MinimumAccuracy = 0.75;      // trained: 0.785 (LSTM), 0.805 (GRU); chance 0.5, majority class 0.53
const float MaxReferenceError = 1e-5f;    // |P(class 1) − the trainer's| per test sequence
const int Rounds = 50;                    // timed runs per test sequence and model

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
LabelledSamples test = SyntheticClassification.TestSplit();
AccuracyResult lstm = Evaluation.Accuracy<Lstm>(test);
AccuracyResult gru = Evaluation.Accuracy<Gru>(test);
(LatencyResult lstmLatency, LatencyResult gruLatency) = Evaluation.Latency(test, Rounds);

Console.WriteLine($"seed 002's classifiers: {SyntheticClassification.Samples} synthetic samples of {SyntheticClassification.Features} features read as {SyntheticClassification.Features} steps of one value, tested on {test.Count}");
Console.WriteLine($"NativeAOT, weights embedded; SIMD: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}");
Console.WriteLine($"CPU: {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, AdvSimd {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}, Avx2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, Vector128 {System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated}");
Console.WriteLine();
Console.WriteLine($"{"model",-16}{"parameters",12}{"test accuracy",20}{"max |p - trainer|",20}{"median / sequence",20}{"p99 / sequence",17}{"bytes / sequence",19}");
Row(Lstm.Name, Lstm.ParameterCount, lstm, lstmLatency);
Row(Gru.Name, Gru.ParameterCount, gru, gruLatency);
Console.WriteLine($"(latency: {lstmLatency.Runs:N0} timed runs per model, Stopwatch around one whole sequence from the initial state)");

var failures = new List<string>();
Check(Lstm.Name, lstm, lstmLatency);
Check(Gru.Name, gru, gruLatency);
Console.WriteLine(failures.Count == 0 ? "OK" : "FAILED: " + string.Join("; ", failures));
return failures.Count == 0 ? 0 : 1;

void Row(string name, int parameters, AccuracyResult accuracy, LatencyResult latency) =>
    Console.WriteLine($"{name,-16}{parameters,12:N0}{$"{accuracy.Accuracy:F3} ({accuracy.Correct}/{accuracy.Count})",20}{accuracy.ReferenceError.ToString("0.0E+0", CultureInfo.InvariantCulture),20}{$"{latency.MedianMicroseconds:F2} us",20}{$"{latency.P99Microseconds:F2} us",17}{latency.BytesPerSequence,19:G3}");

void Check(string name, AccuracyResult accuracy, LatencyResult latency)
{
    if (!(accuracy.Accuracy >= MinimumAccuracy))
    {
        failures.Add($"{name} test accuracy {accuracy.Accuracy:F3} is below {MinimumAccuracy:F2}");
    }

    if (!(accuracy.ReferenceError <= MaxReferenceError))
    {
        failures.Add($"{name} differs from the trainer by {accuracy.ReferenceError.ToString("0.00E+0", CultureInfo.InvariantCulture)} (allowed {MaxReferenceError.ToString("0E+0", CultureInfo.InvariantCulture)})");
    }

    if (latency.BytesAllocated != 0)
    {
        failures.Add($"{name} allocated {latency.BytesAllocated} bytes over {latency.Runs} sequences");
    }
}
