using System.Globalization;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>Command line of the latency mode: <c>latency [--steps N] [--rounds R] [--implementations a,b]</c>.</summary>
public sealed record LatencyOptions(int Steps, int Rounds, IReadOnlyList<string> Implementations)
{
    public const string Usage =
        "usage: latency [--steps N (default 10000)] [--rounds R (default 3)] [--implementations runtime,generated,scalar]";

    public static LatencyOptions Parse(ReadOnlySpan<string> args)
    {
        int steps = 10_000, rounds = 3;
        IReadOnlyList<string> implementations = [StepperFactory.Runtime, StepperFactory.Generated];
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option '{name}' needs a value.");
            }

            string value = args[++i];
            switch (name)
            {
                case "--steps":
                    steps = PositiveInteger(name, value);
                    break;
                case "--rounds":
                    rounds = PositiveInteger(name, value);
                    break;
                case "--implementations":
                    implementations = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    foreach (string implementation in implementations)
                    {
                        StepperFactory.RequireKnown(implementation);
                    }

                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        return new LatencyOptions(steps, rounds, implementations);
    }

    private static int PositiveInteger(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw new ArgumentException($"Option '{name}' expects a positive integer, got '{value}'.");
}
