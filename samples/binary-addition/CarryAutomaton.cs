namespace BinaryAddition;

/// <summary>
/// What the 3 hidden units learned, read off the states the network visits. The addition automaton (seed 001,
/// section 3.2) has four states: the carry it passes on (0 or 1) times the sum bit it just wrote (0 or 1). Here
/// the visited hidden states are clustered without labels (k-means, k = 4), then each cluster is named by the
/// automaton state most of its members truly are, with how pure it is, how wide, and whether its transitions are
/// the automaton's.
/// </summary>
internal sealed class CarryAutomaton
{
    public const int States = 4;
    private const int H = AdditionRnn.HiddenSize;

    private readonly float[] _centroids = new float[States * H];

    /// <summary>The automaton state (carry · 2 + bit) each cluster is named after.</summary>
    public int[] Meaning { get; } = new int[States];

    public int[] Visits { get; } = new int[States];

    /// <summary>Fraction of a cluster's members whose true automaton state is the cluster's name.</summary>
    public double[] Purity { get; } = new double[States];

    /// <summary>Largest distance from a cluster's centroid to one of its members.</summary>
    public float[] Radius { get; } = new float[States];

    /// <summary>Smallest distance between two centroids.</summary>
    public float Separation { get; private set; }

    public int VisitedStates { get; private set; }

    /// <summary>[from cluster (or <see cref="States"/> = the learned initial state), input a·2+b] → next cluster, or -1 if it varied.</summary>
    public int[,] Transitions { get; } = new int[States + 1, 4];

    public ReadOnlySpan<float> Centroid(int cluster) => _centroids.AsSpan(cluster * H, H);

    public static string Describe(int meaning) => $"carry {meaning >> 1}, wrote {meaning & 1}";

    /// <summary>The cluster whose centroid is nearest to <paramref name="h"/>.</summary>
    public int Nearest(ReadOnlySpan<float> h)
    {
        int best = 0;
        float bestDistance = float.MaxValue;
        for (int k = 0; k < States; k++)
        {
            float d = Distance(h, Centroid(k));
            if (d < bestDistance)
            {
                bestDistance = d;
                best = k;
            }
        }

        return best;
    }

    public static float Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (x[i] - y[i]) * (x[i] - y[i]);
        }

        return MathF.Sqrt(sum);
    }

    /// <summary>Runs <paramref name="additions"/> random additions from the learned initial state and clusters what h visits.</summary>
    public static CarryAutomaton Learn(int additions, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var points = new List<float>();
        var truth = new List<int>();
        var inputs = new List<int>();
        var firstOfAddition = new List<bool>();
        Span<float> hidden = stackalloc float[(Addition.MaxBits + 1) * H];
        for (int n = 0; n < additions; n++)
        {
            long a = rng.NextOperand(), b = rng.NextOperand();
            int steps = Addition.Steps(a, b);
            Addition.Add(a, b, steps, hidden);
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < H; i++)
                {
                    points.Add(hidden[(t * H) + i]);
                }

                (int carry, int bit) = Addition.TrueState(a, b, t);
                truth.Add((carry * 2) + bit);
                inputs.Add((int)((((a >> t) & 1) * 2) + ((b >> t) & 1)));
                firstOfAddition.Add(t == 0);
            }
        }

        var automaton = new CarryAutomaton();
        int[] cluster = automaton.KMeans(points.ToArray());
        automaton.Describe(points.ToArray(), cluster, truth, inputs, firstOfAddition);
        return automaton;
    }

    /// <summary>Lloyd's k-means from farthest-point seeds (deterministic); returns each point's cluster.</summary>
    private int[] KMeans(float[] points)
    {
        int count = points.Length / H;
        // Seeds: the first point, then repeatedly the point farthest from every seed so far.
        points.AsSpan(0, H).CopyTo(_centroids);
        for (int k = 1; k < States; k++)
        {
            int farthest = 0;
            float farthestDistance = -1;
            for (int p = 0; p < count; p++)
            {
                float nearest = float.MaxValue;
                for (int j = 0; j < k; j++)
                {
                    nearest = MathF.Min(nearest, Distance(points.AsSpan(p * H, H), Centroid(j)));
                }

                if (nearest > farthestDistance)
                {
                    farthestDistance = nearest;
                    farthest = p;
                }
            }

            points.AsSpan(farthest * H, H).CopyTo(_centroids.AsSpan(k * H, H));
        }

        int[] assignment = new int[count];
        for (int iteration = 0; iteration < 100; iteration++)
        {
            bool changed = false;
            for (int p = 0; p < count; p++)
            {
                int k = Nearest(points.AsSpan(p * H, H));
                changed |= k != assignment[p];
                assignment[p] = k;
            }

            double[] sums = new double[States * H];
            int[] sizes = new int[States];
            for (int p = 0; p < count; p++)
            {
                sizes[assignment[p]]++;
                for (int i = 0; i < H; i++)
                {
                    sums[(assignment[p] * H) + i] += points[(p * H) + i];
                }
            }

            for (int k = 0; k < States; k++)
            {
                for (int i = 0; i < H && sizes[k] > 0; i++)
                {
                    _centroids[(k * H) + i] = (float)(sums[(k * H) + i] / sizes[k]);
                }
            }

            if (!changed && iteration > 0)
            {
                break;
            }
        }

        return assignment;
    }

    private void Describe(float[] points, int[] assignment, List<int> truth, List<int> inputs, List<bool> firstOfAddition)
    {
        int count = assignment.Length;
        VisitedStates = count;
        int[,] votes = new int[States, States];
        for (int p = 0; p < count; p++)
        {
            votes[assignment[p], truth[p]]++;
            Visits[assignment[p]]++;
            Radius[assignment[p]] = MathF.Max(Radius[assignment[p]], Distance(points.AsSpan(p * H, H), Centroid(assignment[p])));
        }

        for (int k = 0; k < States; k++)
        {
            int best = 0;
            for (int m = 1; m < States; m++)
            {
                if (votes[k, m] > votes[k, best])
                {
                    best = m;
                }
            }

            Meaning[k] = best;
            Purity[k] = Visits[k] == 0 ? 0 : (double)votes[k, best] / Visits[k];
        }

        Separation = float.MaxValue;
        for (int k = 0; k < States; k++)
        {
            for (int j = k + 1; j < States; j++)
            {
                Separation = MathF.Min(Separation, Distance(Centroid(k), Centroid(j)));
            }
        }

        // Transitions between clusters, from what the network did (not from the labels).
        for (int s = 0; s <= States; s++)
        {
            for (int x = 0; x < 4; x++)
            {
                Transitions[s, x] = -2; // never seen
            }
        }

        for (int p = 0; p < count; p++)
        {
            int from = firstOfAddition[p] ? States : assignment[p - 1];
            int to = assignment[p];
            int seen = Transitions[from, inputs[p]];
            Transitions[from, inputs[p]] = seen == -2 || seen == to ? to : -1;
        }
    }

    /// <summary>
    /// Whether the clusters' transitions are exactly the addition automaton's: from carry c on input bits (a, b)
    /// to carry (a + b + c) ≥ 2 having written (a + b + c) mod 2; from the learned initial state as from carry 0.
    /// </summary>
    public bool TransitionsAreAddition()
    {
        for (int s = 0; s <= States; s++)
        {
            int carry = s == States ? 0 : Meaning[s] >> 1;
            for (int x = 0; x < 4; x++)
            {
                int total = (x >> 1) + (x & 1) + carry;
                int expected = ((total >> 1) * 2) + (total & 1);
                int to = Transitions[s, x];
                if (to < 0 || Meaning[to] != expected)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
