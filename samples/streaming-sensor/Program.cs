using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using StreamingSensor;

// streaming-sensor [SAMPLES]: a 2-layer LSTM next-sample predictor watches a synthetic sensor stream one sample
// at a time (state on the stack), flags samples it did not expect, and checks that it caught the injected faults
// with few false alarms and no allocation. The last line is OK when everything held.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
int length = args.Length > 0 && int.TryParse(args[0], out int n) && n >= 100_000 ? n : 1_000_000;
const int Clean = 20_000;

Console.WriteLine($"streaming-sensor: {SensorLstm.Layers}-layer LSTM (input {SensorLstm.InputSize}, hidden {SensorLstm.HiddenSize}, {SensorLstm.ParameterCount:N0} parameters) embedded at compile time; state on the stack: {Unsafe.SizeOf<SensorLstm.State>()} bytes");
Console.WriteLine($"CPU: {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, AdvSimd {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}, Avx2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, Vector128 {System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated}");

var (samples, anomalies) = SensorStream.Create(length, Clean, seed: 7);
float[] errors = new float[length];
bool[] alarms = new bool[length];

// 1. Calibration on the clean stretch: how far off the predictor is on a healthy sensor.
Detector.Watch(samples.AsSpan(0, Clean), float.PositiveInfinity, float.PositiveInfinity, errors, alarms);
double squares = 0;
float cleanMax = 0;
for (int t = Detector.WarmUp; t < Clean; t++)
{
    squares += errors[t] * errors[t];
    cleanMax = MathF.Max(cleanMax, errors[t]);
}

float rms = (float)Math.Sqrt(squares / (Clean - Detector.WarmUp));
float threshold = 6 * rms, windowThreshold = 2.5f * rms;
Console.WriteLine($"calibration on {Clean:N0} clean samples: prediction error RMS {rms:F4} (sensor noise σ {Signal.NoiseSigma}), max {cleanMax:F3}");
Console.WriteLine($"alarm: an error over 6 × RMS = {threshold:F3}, or the RMS of the last {Detector.Window} errors over 2.5 × RMS = {windowThreshold:F3}");

// 2. The whole stream, as a device would see it: one Step per sample, nothing allocated.
Detector.Watch(samples.AsSpan(0, 1000), threshold, windowThreshold, errors, alarms); // warm-up of the measured path
_ = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp()); // (NativeAOT: Stopwatch's first use allocates 40 bytes)
long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
long started = Stopwatch.GetTimestamp();
int alarmCount = Detector.Watch(samples, threshold, windowThreshold, errors, alarms);
TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

// 3. Score: a fault is caught if an alarm falls inside it or within 3 samples after; an alarm is false if it is
//    neither inside a fault nor within the 40 samples after one (the LSTM's state, and with it the error, takes
//    up to about 40 samples to settle after a fault).
const int Catch = 3, Settle = 40;
bool[] excused = new bool[length];
int[] injected = new int[4], caught = new int[4];
var delays = new List<int>[4];
for (int k = 0; k < 4; k++)
{
    delays[k] = [];
}

foreach (Anomaly anomaly in anomalies)
{
    int kind = (int)anomaly.Kind;
    injected[kind]++;
    for (int t = anomaly.Start; t < Math.Min(length, anomaly.End + Settle); t++)
    {
        excused[t] = true;
    }

    for (int t = anomaly.Start; t < Math.Min(length, anomaly.End + Catch); t++)
    {
        if (alarms[t])
        {
            caught[kind]++;
            delays[kind].Add(t - anomaly.Start);
            break;
        }
    }
}

int falseAlarms = 0, normalSteps = 0, settling = 0;
bool[] inside = new bool[length];
foreach (Anomaly anomaly in anomalies)
{
    Array.Fill(inside, true, anomaly.Start, anomaly.Length);
}

for (int t = Detector.WarmUp; t < length; t++)
{
    normalSteps += excused[t] ? 0 : 1;
    falseAlarms += alarms[t] && !excused[t] ? 1 : 0;
    settling += alarms[t] && excused[t] && !inside[t] ? 1 : 0;
}

Console.WriteLine($"stream: {length:N0} samples, {anomalies.Length} injected faults after the first {Clean:N0}; {alarmCount:N0} alarms");
Console.WriteLine("  fault                              injected  caught  first alarm after (median samples)");
for (int k = 0; k < 4; k++)
{
    delays[k].Sort();
    string median = delays[k].Count == 0 ? "-" : delays[k][delays[k].Count / 2].ToString(CultureInfo.InvariantCulture);
    Console.WriteLine($"  {SensorStream.Describe((AnomalyKind)k),-33}  {injected[k],8}  {caught[k],6}  {median}");
}

double falsePer10k = 10_000.0 * falseAlarms / normalSteps;
Console.WriteLine($"  alarms in the {Settle} samples after a fault ends, while the LSTM's state settles (not counted): {settling:N0}");
Console.WriteLine($"  false alarms: {falseAlarms} in {normalSteps:N0} normal samples ({falsePer10k:F2} per 10,000)");
Console.WriteLine($"  streaming with detection: {length / elapsed.TotalSeconds / 1e6:F2} M samples/s ({elapsed.TotalNanoseconds / length:F0} ns per sample); bytes allocated while streaming: {allocated}");

// 4. Latency of one model step (the predictor alone), timed in rounds: on a busy machine the fastest round is the
//    closest to the steady cost.
const int Rounds = 40, PerRound = 10_000;
double[] nsPerStep = new double[Rounds];
SensorLstm.State state = SensorLstm.InitialState;
Span<float> prediction = stackalloc float[SensorLstm.OutputSize];
long stepsAllocatedBefore = GC.GetAllocatedBytesForCurrentThread();
for (int round = 0; round < Rounds; round++)
{
    long roundStarted = Stopwatch.GetTimestamp();
    for (int t = round * PerRound; t < (round + 1) * PerRound; t++)
    {
        SensorLstm.Step(samples.AsSpan(t, 1), ref state, prediction);
    }

    nsPerStep[round] = Stopwatch.GetElapsedTime(roundStarted).TotalNanoseconds / PerRound;
}

long stepsAllocated = GC.GetAllocatedBytesForCurrentThread() - stepsAllocatedBefore;
allocated += stepsAllocated;
Array.Sort(nsPerStep);
Console.WriteLine($"  one model step: {nsPerStep[0]:F0} ns in the fastest of {Rounds} rounds of {PerRound:N0}, {nsPerStep[Rounds / 2]:F0} ns median; bytes allocated: {stepsAllocated}");

int missed = anomalies.Length - caught.Sum();
bool ok = missed == 0 && falsePer10k <= 1 && allocated == 0;
Console.WriteLine(ok ? "OK" : $"FAILED ({missed} faults missed, {falsePer10k:F2} false alarms per 10,000 samples, {allocated} bytes allocated)");
return ok ? 0 : 1;
