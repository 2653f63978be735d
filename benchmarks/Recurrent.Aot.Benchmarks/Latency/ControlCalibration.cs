using Recurrent.Aot.Benchmarks.Models;

namespace Recurrent.Aot.Benchmarks.Latency;

/// <summary>
/// Sizes the control's multiply-add chain so that its median sample matches a model's median step:
/// times two chain lengths, fits median = intercept + slope·iterations (the intercept is the timer
/// read and the call), and solves for the target.
/// </summary>
internal static class ControlCalibration
{
    private const int ShortChain = 16;
    private const int LongChain = 1024;
    private const int Samples = 2000;

    public static RegisterArithmeticControl Matching(ModelShape shape, double targetMedianNanoseconds)
    {
        var ticks = new long[Samples];
        var nanoseconds = new double[Samples];
        double MedianOf(int iterations)
        {
            var control = new RegisterArithmeticControl(shape, iterations);
            StepTimer.TimeSteps(control, ticks); // first pass: caches and branch predictors
            StepTimer.TimeSteps(control, ticks);
            return StepTimer.ToStatistics(ticks, nanoseconds).Median;
        }

        double shortMedian = MedianOf(ShortChain);
        double slope = (MedianOf(LongChain) - shortMedian) / (LongChain - ShortChain);
        if (!(slope > 0))
        {
            throw new InvalidOperationException(
                $"Calibrating the control failed: {LongChain} multiply-adds did not take longer than {ShortChain}.");
        }

        double iterations = ShortChain + ((targetMedianNanoseconds - shortMedian) / slope);
        return new RegisterArithmeticControl(shape, (int)Math.Clamp(Math.Round(iterations), 1, int.MaxValue));
    }
}
