using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using ReverseDigits;

// Reverses the digit strings given on the command line (or a few random ones), then checks itself: exact-match
// accuracy on random strings of 1 to 8 digits, and no heap allocation per reversed string. Last line: OK or FAILED.
const int Checked = 2000;
const double RequiredAccuracy = 0.98;
const int TrainedMaxLength = 8;

Console.WriteLine($"SIMD: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector128 {Vector128.IsHardwareAccelerated}");
Console.WriteLine($"CPU: {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, AdvSimd {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}, Avx2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, Vector128 {System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated}");
Console.WriteLine($"encoder: GRU {Encoder.InputSize} -> {Encoder.HiddenSize}; decoder: GRU {Decoder.InputSize} -> {Decoder.HiddenSize}, softmax head {Decoder.OutputSize}");

var random = new Random(2024);
string[] inputs = args.Length > 0 ? args : [.. Enumerable.Range(0, 5).Select(_ => RandomDigits(random, TrainedMaxLength))];
foreach (string input in inputs)
{
    if (!Reverser.IsValid(input))
    {
        Console.WriteLine($"FAILED: '{input}' is not a string of 1 to {Reverser.MaxLength} decimal digits");
        return 1;
    }
    var output = new char[input.Length];
    Reverser.Reverse(input, output);
    string expected = new([.. input.Reverse()]);
    string note = output.AsSpan().SequenceEqual(expected) ? "" : $"   (expected {expected}{(input.Length > TrainedMaxLength ? $"; trained on up to {TrainedMaxLength} digits" : "")})";
    Console.WriteLine($"{input} -> {new string(output)}{note}");
}

// Accuracy and allocations on the same random strings, reversed twice: once to warm up, once measured.
Span<char> digits = stackalloc char[TrainedMaxLength];
Span<char> reversed = stackalloc char[TrainedMaxLength];
int exact = 0, exactGenerate = 0;
var check = new Random(7);
for (int i = 0; i < Checked; i++)
{
    Span<char> s = NextDigits(check, digits);
    Reverser.Reverse(s, reversed);
    exact += IsReversed(s, reversed[..s.Length]) ? 1 : 0;
    Reverser.ReverseWithGenerate(s, reversed);
    exactGenerate += IsReversed(s, reversed[..s.Length]) ? 1 : 0;
}

// (Stopwatch.GetElapsedTime allocates 40 bytes on its first call in a NativeAOT binary: it stays outside the window.)
check = new Random(7);
long start = Stopwatch.GetTimestamp();
long before = GC.GetAllocatedBytesForCurrentThread();
int totalDigits = 0;
for (int i = 0; i < Checked; i++)
{
    Span<char> s = NextDigits(check, digits);
    Reverser.Reverse(s, reversed);
    totalDigits += s.Length;
}
long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
TimeSpan elapsed = Stopwatch.GetElapsedTime(start);

double accuracy = (double)exact / Checked;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact match, greedy (one-hot of the argmax fed back): {accuracy:P2} of {Checked} random strings of 1 to {TrainedMaxLength} digits"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact match, Generate (softmax fed back as is):      {(double)exactGenerate / Checked:P2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time: {elapsed.TotalMicroseconds / Checked:F1} us per string ({elapsed.TotalMicroseconds * 1000 / totalDigits:F0} ns per digit, encoder and decoder)"));
Console.WriteLine($"bytes allocated by {Checked} reversals after warm-up: {allocated}");
if (accuracy < RequiredAccuracy)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAILED: exact match {accuracy:P2} is below {RequiredAccuracy:P0}"));
    return 1;
}
if (allocated != 0)
{
    Console.WriteLine($"FAILED: {allocated} bytes allocated, expected 0");
    return 1;
}
Console.WriteLine("OK");
return 0;

static string RandomDigits(Random random, int maxLength)
{
    Span<char> buffer = stackalloc char[maxLength];
    return new string(NextDigits(random, buffer));
}

// A random string of 1 to buffer.Length digits, written into buffer.
static Span<char> NextDigits(Random random, Span<char> buffer)
{
    int length = 1 + random.Next(buffer.Length);
    for (int i = 0; i < length; i++)
    {
        buffer[i] = (char)('0' + random.Next(10));
    }
    return buffer[..length];
}

static bool IsReversed(ReadOnlySpan<char> input, ReadOnlySpan<char> output)
{
    for (int i = 0; i < input.Length; i++)
    {
        if (output[i] != input[input.Length - 1 - i])
        {
            return false;
        }
    }
    return true;
}
