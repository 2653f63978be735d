namespace SequenceClassifier.Data;

/// <summary>
/// Labelled samples as scikit-learn's <c>make_classification</c> makes them with its defaults, the way seed 002
/// calls it (<c>n_samples=1000, n_features=20, n_classes=2</c>): 2 informative features drawn from Gaussian
/// clusters around the vertices of a square (2 clusters per class, each with its own random covariance), 2
/// redundant features that are random linear combinations of the informative ones, 16 features of pure noise,
/// 1% of the labels flipped at random, samples shuffled and the feature columns permuted. Every number comes
/// from a seeded PCG32, so the same seed gives the same data in the training program, the NativeAOT app and the
/// tests (this one file is compiled into each). Not numpy's stream: the same recipe, not the same numbers.
/// </summary>
public static class SyntheticClassification
{
    public const int Samples = 1000;
    public const int Features = 20;
    public const int Informative = 2;
    public const int Redundant = 2;
    public const int Classes = 2;
    public const int ClustersPerClass = 2;
    public const double ClassSeparation = 1.0;
    public const double FlipFraction = 0.01;

    /// <summary>The seed of the data and of the 80/20 split (scikit-learn's random_state=42 in the seed document).</summary>
    public const ulong DefaultSeed = 42;

    /// <summary>The fraction of samples held out for testing (train_test_split(test_size=0.2)).</summary>
    public const double TestFraction = 0.2;

    /// <summary>Samples in the test split.</summary>
    public const int TestSamples = 200;

    /// <summary>All samples: features (Samples, Features) row-major, labels (Samples).</summary>
    public static LabelledSamples Generate(ulong seed = DefaultSeed)
    {
        var rng = new Pcg32(seed, 2);
        int clusters = Classes * ClustersPerClass;
        double[,] x = new double[Samples, Features];
        int[] y = new int[Samples];

        // Cluster centroids: distinct vertices of the informative hypercube, at ±class_sep.
        int[] vertices = new int[1 << Informative];
        for (int v = 0; v < vertices.Length; v++)
        {
            vertices[v] = v;
        }

        rng.Shuffle(vertices);
        double[,] centroids = new double[clusters, Informative];
        for (int k = 0; k < clusters; k++)
        {
            for (int d = 0; d < Informative; d++)
            {
                centroids[k, d] = ((vertices[k] >> d) & 1) == 1 ? ClassSeparation : -ClassSeparation;
            }
        }

        // Informative features: standard normal, then per cluster a random linear map (covariance) and the centroid.
        for (int n = 0; n < Samples; n++)
        {
            for (int d = 0; d < Informative; d++)
            {
                x[n, d] = rng.NextGaussian();
            }
        }

        int perCluster = Samples / clusters;
        int start = 0;
        for (int k = 0; k < clusters; k++)
        {
            int count = perCluster + (k < Samples % clusters ? 1 : 0);
            double[,] a = new double[Informative, Informative];
            for (int i = 0; i < Informative; i++)
            {
                for (int j = 0; j < Informative; j++)
                {
                    a[i, j] = (2 * rng.NextDouble()) - 1;
                }
            }

            double[] row = new double[Informative];
            for (int n = start; n < start + count; n++)
            {
                y[n] = k % Classes;
                for (int j = 0; j < Informative; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < Informative; i++)
                    {
                        sum += x[n, i] * a[i, j];
                    }

                    row[j] = sum + centroids[k, j];
                }

                for (int j = 0; j < Informative; j++)
                {
                    x[n, j] = row[j];
                }
            }

            start += count;
        }

        // Redundant features: random linear combinations of the informative ones.
        double[,] b = new double[Informative, Redundant];
        for (int i = 0; i < Informative; i++)
        {
            for (int j = 0; j < Redundant; j++)
            {
                b[i, j] = (2 * rng.NextDouble()) - 1;
            }
        }

        for (int n = 0; n < Samples; n++)
        {
            for (int j = 0; j < Redundant; j++)
            {
                double sum = 0;
                for (int i = 0; i < Informative; i++)
                {
                    sum += x[n, i] * b[i, j];
                }

                x[n, Informative + j] = sum;
            }

            // The rest: noise.
            for (int j = Informative + Redundant; j < Features; j++)
            {
                x[n, j] = rng.NextGaussian();
            }
        }

        // Flip a few labels at random.
        for (int n = 0; n < Samples; n++)
        {
            if (rng.NextDouble() < FlipFraction)
            {
                y[n] = rng.NextInt(Classes);
            }
        }

        // Shuffle the samples and permute the feature columns.
        int[] order = Range(Samples);
        rng.Shuffle(order);
        int[] columns = Range(Features);
        rng.Shuffle(columns);
        float[] features = new float[Samples * Features];
        int[] labels = new int[Samples];
        for (int n = 0; n < Samples; n++)
        {
            labels[n] = y[order[n]];
            for (int j = 0; j < Features; j++)
            {
                features[(n * Features) + j] = (float)x[order[n], columns[j]];
            }
        }

        return new LabelledSamples(features, labels, Features);
    }

    /// <summary>The seeded 80/20 split (as train_test_split: a permutation, the first fifth for testing).</summary>
    public static (LabelledSamples Train, LabelledSamples Test) Split(LabelledSamples all, ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(all);
        int[] order = Range(all.Count);
        new Pcg32(seed, 3).Shuffle(order);
        int test = (int)Math.Round(all.Count * TestFraction);
        return (all.Select(order.AsSpan(test)), all.Select(order.AsSpan(0, test)));
    }

    /// <summary>The test split of the default data: what the app evaluates both models on.</summary>
    public static LabelledSamples TestSplit() => Split(Generate()).Test;

    private static int[] Range(int count)
    {
        int[] values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = i;
        }

        return values;
    }

    /// <summary>PCG-XSH-RR 32 (O'Neill 2014): the same numbers on every .NET version and platform.</summary>
    private sealed class Pcg32
    {
        private const ulong Multiplier = 6364136223846793005UL;
        private readonly ulong _increment;
        private ulong _state;

        public Pcg32(ulong seed, ulong stream)
        {
            _increment = (stream << 1) | 1UL;
            NextUInt32();
            _state += seed;
            NextUInt32();
        }

        public uint NextUInt32()
        {
            ulong old = _state;
            _state = unchecked((old * Multiplier) + _increment);
            uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
            int rotation = (int)(old >> 59);
            return (xorShifted >> rotation) | (xorShifted << ((-rotation) & 31));
        }

        /// <summary>A double in [0, 1) with 53 random bits.</summary>
        public double NextDouble()
        {
            ulong bits = ((ulong)NextUInt32() << 21) ^ NextUInt32();
            return (bits & ((1UL << 53) - 1)) * (1.0 / (1UL << 53));
        }

        /// <summary>An integer in [0, bound) (bound is small here: plain rejection of the biased tail).</summary>
        public int NextInt(int bound)
        {
            uint limit = uint.MaxValue - (uint.MaxValue % (uint)bound);
            uint value;
            do
            {
                value = NextUInt32();
            }
            while (value >= limit);
            return (int)(value % (uint)bound);
        }

        /// <summary>Standard normal (Marsaglia's polar method: only a logarithm and a square root).</summary>
        public double NextGaussian()
        {
            double u, v, s;
            do
            {
                u = (2 * NextDouble()) - 1;
                v = (2 * NextDouble()) - 1;
                s = (u * u) + (v * v);
            }
            while (s >= 1 || s == 0);
            return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }

        public void Shuffle<T>(Span<T> items)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = NextInt(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}

/// <summary>Samples of <see cref="FeatureCount"/> features each, row-major, with their class labels.</summary>
public sealed class LabelledSamples
{
    private readonly float[] _features;
    private readonly int[] _labels;

    public LabelledSamples(float[] features, int[] labels, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Length != labels.Length * featureCount)
        {
            throw new ArgumentException($"{labels.Length} samples of {featureCount} features need {labels.Length * featureCount} values, got {features.Length}.", nameof(features));
        }

        _features = features;
        _labels = labels;
        FeatureCount = featureCount;
    }

    public int Count => _labels.Length;

    public int FeatureCount { get; }

    /// <summary>Sample n's features: read as a sequence of FeatureCount steps of one value.</summary>
    public ReadOnlySpan<float> Features(int n) => _features.AsSpan(n * FeatureCount, FeatureCount);

    public int Label(int n) => _labels[n];

    public LabelledSamples Select(ReadOnlySpan<int> indices)
    {
        float[] features = new float[indices.Length * FeatureCount];
        int[] labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            Features(indices[i]).CopyTo(features.AsSpan(i * FeatureCount));
            labels[i] = _labels[indices[i]];
        }

        return new LabelledSamples(features, labels, FeatureCount);
    }
}
