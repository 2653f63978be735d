using System.Diagnostics;
using System.Globalization;
using BinaryAddition;

// binary-addition [A B]: adds A and B (0 to 2^30 - 1; two seeded random numbers without arguments) with the
// 3-unit RNN of seed 001, shows the hidden state at every step grouped into the addition automaton's states,
// then checks many random additions and the allocations. The last line is OK when everything held.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
const int H = AdditionRnn.HiddenSize;

long a, b;
if (args.Length == 2 && long.TryParse(args[0], out a) && long.TryParse(args[1], out b)
    && a is >= 0 and <= Addition.MaxOperand && b is >= 0 and <= Addition.MaxOperand)
{
}
else if (args.Length == 0)
{
    var pick = new SplitMix64((ulong)Environment.TickCount64);
    a = (long)(pick.Next() & Addition.MaxOperand);
    b = (long)(pick.Next() & Addition.MaxOperand);
}
else
{
    Console.Error.WriteLine($"usage: binary-addition [A B], with 0 <= A, B <= {Addition.MaxOperand} (30 bits)");
    return 2;
}

Console.WriteLine($"binary addition with a {H}-unit RNN (seed 001); weights embedded at compile time, learned initial state: {AdditionRnn.HasLearnedInitialState}");
Console.WriteLine($"CPU: {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, AdvSimd {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}, Avx2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, Vector128 {System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated}");
Console.WriteLine($"h0 (learned) = {Vector(AdditionRnn.InitialState.Hidden())}");

// 1. What the hidden units learned: cluster the states they visit.
CarryAutomaton automaton = CarryAutomaton.Learn(additions: 2000, seed: 1);
Console.WriteLine();
Console.WriteLine($"k-means (k = 4) on the {automaton.VisitedStates:N0} hidden states visited by 2,000 random additions:");
Console.WriteLine("  cluster  centroid h                 visits  is the automaton state  purity    radius");
for (int k = 0; k < CarryAutomaton.States; k++)
{
    Console.WriteLine($"  {Name(k)}        {Vector(automaton.Centroid(k))}  {automaton.Visits[k],6:N0}  {CarryAutomaton.Describe(automaton.Meaning[k]),-22}  {automaton.Purity[k],7:P2}  {automaton.Radius[k]:F3}");
}

bool fourStates = automaton.Meaning.Distinct().Count() == CarryAutomaton.States;
bool transitions = automaton.TransitionsAreAddition();
Console.WriteLine($"  closest two centroids are {automaton.Separation:F3} apart; widest cluster radius {automaton.Radius.Max():F3}");
Console.WriteLine($"  the 4 clusters are the automaton's 4 states: {(fourStates ? "yes" : "no")}; their transitions (table below) are binary addition's: {(transitions ? "yes" : "no")}");
int nearH0 = automaton.Nearest(AdditionRnn.InitialState.Hidden());
float h0Distance = CarryAutomaton.Distance(AdditionRnn.InitialState.Hidden(), automaton.Centroid(nearH0));
Console.WriteLine($"  h0 is {h0Distance:F3} from cluster {Name(nearH0)}, its nearest{(h0Distance > automaton.Radius[nearH0] ? ", and outside every cluster: a start state of its own" : "")}{(transitions ? "; on every input it moves as a carry-0 state does" : "")}");
for (int unit = 0; unit < H; unit++)
{
    bool signIsCarry = Enumerable.Range(0, CarryAutomaton.States).All(k => automaton.Centroid(k)[unit] > 0 == (automaton.Meaning[k] >> 1 == 1));
    if (signIsCarry)
    {
        Console.WriteLine($"  by carry alone: hidden unit {unit + 1}'s sign is the carry (+ in the carry-1 clusters, - in the carry-0 ones)");
    }
}

Console.WriteLine("  from \\ input a b:     0 0   0 1   1 0   1 1");
for (int s = 0; s <= CarryAutomaton.States; s++)
{
    string from = s == CarryAutomaton.States ? "h0            " : $"{Name(s)} {CarryAutomaton.Describe(automaton.Meaning[s])}";
    Console.Write($"  {from,-20}");
    for (int x = 0; x < 4; x++)
    {
        int to = automaton.Transitions[s, x];
        Console.Write($"  {(to >= 0 ? Name(to).ToString() : to == -1 ? "varies" : "-"),4}");
    }

    Console.WriteLine();
}

// 2. The addition asked for, step by step.
int steps = Addition.Steps(a, b);
float[] hidden = new float[steps * H];
long sum = Addition.Add(a, b, steps, hidden);
Console.WriteLine();
Console.WriteLine($"{a} + {b}: {steps} steps, least significant bit first (the last step, with no input bits, writes the final carry)");
Console.WriteLine("  step  a b  hidden state h after the step   cluster  automaton state    true state         out");
Console.WriteLine($"  h0         {Vector(AdditionRnn.InitialState.Hidden())}");
for (int t = 0; t < steps; t++)
{
    ReadOnlySpan<float> h = hidden.AsSpan(t * H, H);
    int k = automaton.Nearest(h);
    (int carry, int bit) = Addition.TrueState(a, b, t);
    Console.WriteLine($"  {t,4}  {(a >> t) & 1} {(b >> t) & 1}  {Vector(h)}      {Name(k)}        {CarryAutomaton.Describe(automaton.Meaning[k]),-17}  {CarryAutomaton.Describe((carry * 2) + bit),-17}  {(sum >> t) & 1}");
}

Console.WriteLine($"  network: {Convert.ToString(sum, 2)} (binary, most significant bit first) = {sum}; exact: {a + b} ({(sum == a + b ? "right" : "WRONG")})");

// 3. Self-check: many random additions of up to 30 bits (the network saw 8-bit ones) and the extremes,
//    each with the state on the stack: all right, no allocation, and the clusters name every step's true state.
var rng = new SplitMix64(2026);
const int Checks = 20_000;
long[] checkA = new long[Checks + 4], checkB = new long[Checks + 4];
checkA[0] = 0; checkB[0] = 0;
checkA[1] = Addition.MaxOperand; checkB[1] = Addition.MaxOperand;
checkA[2] = Addition.MaxOperand; checkB[2] = 1;
checkA[3] = 0x2AAAAAAA; checkB[3] = 0x15555555;
for (int n = 4; n < checkA.Length; n++)
{
    checkA[n] = rng.NextOperand();
    checkB[n] = rng.NextOperand();
}

long wrongSums = 0, checkedSteps = 0, misnamed = 0;
foreach ((long x, long y) in checkA.Zip(checkB))
{
    int n = Addition.Steps(x, y);
    Addition.Add(x, y, n, hidden.Length >= n * H ? hidden : hidden = new float[n * H]);
    for (int t = 0; t < n; t++)
    {
        (int carry, int bit) = Addition.TrueState(x, y, t);
        misnamed += automaton.Meaning[automaton.Nearest(hidden.AsSpan(t * H, H))] == (carry * 2) + bit ? 0 : 1;
    }
}

Addition.Add(1, 2, 3, default); // warm-up of the measured path
_ = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp()); // (NativeAOT: Stopwatch's first use may allocate)
// Timed in batches of 500 additions: on a busy machine the fastest batch is the closest to the steady cost.
const int Batch = 500;
double[] nsPerStep = new double[(checkA.Length + Batch - 1) / Batch];
long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
long started = Stopwatch.GetTimestamp();
for (int first = 0, batch = 0; first < checkA.Length; first += Batch, batch++)
{
    long batchStarted = Stopwatch.GetTimestamp(), batchSteps = 0;
    for (int n = first; n < Math.Min(first + Batch, checkA.Length); n++)
    {
        int stepsN = Addition.Steps(checkA[n], checkB[n]);
        batchSteps += stepsN;
        wrongSums += Addition.Add(checkA[n], checkB[n], stepsN, default) == checkA[n] + checkB[n] ? 0 : 1;
    }

    nsPerStep[batch] = Stopwatch.GetElapsedTime(batchStarted).TotalNanoseconds / batchSteps;
    checkedSteps += batchSteps;
}

TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

Console.WriteLine();
Console.WriteLine($"self-check: {checkA.Length:N0} additions of up to 30 bits ({checkedSteps:N0} steps): {checkA.Length - wrongSums:N0} right, {wrongSums} wrong");
Console.WriteLine($"  steps whose nearest cluster is not their true automaton state: {misnamed} of {checkedSteps:N0}");
Console.WriteLine($"  bytes allocated by those additions: {allocated} ({(double)allocated / checkA.Length:F1} per addition)");
Array.Sort(nsPerStep);
Console.WriteLine($"  per step (of an addition, output read): {nsPerStep[0]:F1} ns in the fastest batch of {Batch}, {nsPerStep[nsPerStep.Length / 2]:F1} ns median; {elapsed.TotalNanoseconds / checkA.Length:F0} ns per addition overall");
bool ok = wrongSums == 0 && allocated == 0 && sum == a + b;
Console.WriteLine(ok ? "OK" : "FAILED");
return ok ? 0 : 1;

static char Name(int cluster) => (char)('A' + cluster);

static string Vector(ReadOnlySpan<float> v)
{
    var text = new System.Text.StringBuilder("[");
    for (int i = 0; i < v.Length; i++)
    {
        text.Append(i == 0 ? "" : " ").Append(v[i].ToString("+0.000;-0.000", CultureInfo.InvariantCulture));
    }

    return text.Append(']').ToString();
}
