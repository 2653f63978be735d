using System.Globalization;
using Recurrent.Aot.Benchmarks.Steps;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// Command line of the latency mode. <see cref="Cpu"/> is the CPU to pin the timing thread to, null
/// for "choose the quietest" and -1 for "do not pin".
/// </summary>
public sealed record LatencyOptions(int Steps, int Rounds, IReadOnlyList<string> Implementations, bool RealTime, int? Cpu)
{
    public const int NoPinning = -1;

    public const string Usage =
        "usage: latency [--steps N (default 10000)] [--rounds R (default 5)] [--implementations runtime,generated,scalar]\n" +
        "               [--realtime on|off (default on: SCHED_FIFO for the timed runs where permitted)]\n" +
        "               [--cpu auto|none|N (default auto: the allowed CPU with the fewest device interrupts)]";

    public static LatencyOptions Parse(ReadOnlySpan<string> args)
    {
        int steps = 10_000, rounds = 5;
        bool realTime = true;
        int? cpu = null;
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
                case "--realtime":
                    realTime = value switch
                    {
                        "on" => true,
                        "off" => false,
                        _ => throw new ArgumentException($"Option '--realtime' expects 'on' or 'off', got '{value}'."),
                    };
                    break;
                case "--cpu":
                    cpu = value switch
                    {
                        "auto" => null,
                        "none" => NoPinning,
                        _ => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number < 64
                            ? number
                            : throw new ArgumentException($"Option '--cpu' expects 'auto', 'none' or a CPU number from 0 to 63, got '{value}'."),
                    };
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        return new LatencyOptions(steps, rounds, implementations, realTime, cpu);
    }

    private static int PositiveInteger(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw new ArgumentException($"Option '{name}' expects a positive integer, got '{value}'.");
}
