using Recurrent.Aot.Benchmarks.Generated;
using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Steps;

/// <summary>Builds an implementation of a model by name, for the modes that pick them at run time.</summary>
public static class StepperFactory
{
    public const string Scalar = "scalar";
    public const string Runtime = "runtime";
    public const string Generated = "generated";

    public static IReadOnlyList<string> Names { get; } = [Scalar, Runtime, Generated];

    /// <summary>Every stepper steps one cell, so a stacked shape is refused whichever implementation is asked for.</summary>
    public static IStepper Create(string implementation, ModelShape shape)
    {
        ModelShape.RequireSingleLayer(shape, nameof(StepperFactory));
        return implementation switch
        {
            Scalar => new ScalarStepper(shape),
            Runtime => new RuntimeCellStepper(shape),
            Generated => GeneratedModels.Create(shape),
            _ => throw new ArgumentException(
                $"Unknown implementation '{implementation}': expected {string.Join(", ", Names)}.", nameof(implementation)),
        };
    }

    public static void RequireKnown(string implementation)
    {
        if (!Names.Contains(implementation))
        {
            throw new ArgumentException($"Unknown implementation '{implementation}': expected {string.Join(", ", Names)}.");
        }
    }
}
