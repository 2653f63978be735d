using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>Builds an implementation of a model by name, for the modes that pick them at run time.</summary>
public static class StepperFactory
{
    public const string Scalar = "scalar";
    public const string Runtime = "runtime";

    public static IReadOnlyList<string> Names { get; } = [Scalar, Runtime];

    public static IStepper Create(string implementation, ModelShape shape) => implementation switch
    {
        Scalar => new ScalarStepper(shape),
        Runtime => new RuntimeCellStepper(shape),
        _ => throw new ArgumentException(
            $"Unknown implementation '{implementation}': expected {string.Join(", ", Names)}.", nameof(implementation)),
    };

    public static void RequireKnown(string implementation)
    {
        if (!Names.Contains(implementation))
        {
            throw new ArgumentException($"Unknown implementation '{implementation}': expected {string.Join(", ", Names)}.");
        }
    }
}
