namespace Recurrent.Aot.Training.Training;

/// <summary>Summed loss and prediction counts over some rows; <see cref="Terms"/> is what the mean loss divides by.</summary>
public readonly record struct BatchStatistics(double LossSum, long Terms, long Correct, long Predictions)
{
    public double MeanLoss => Terms == 0 ? double.NaN : LossSum / Terms;

    /// <summary>Fraction of correct predictions (classification losses); NaN for regression.</summary>
    public double Accuracy => Predictions == 0 ? double.NaN : (double)Correct / Predictions;

    public static BatchStatistics operator +(BatchStatistics a, BatchStatistics b) =>
        new(a.LossSum + b.LossSum, a.Terms + b.Terms, a.Correct + b.Correct, a.Predictions + b.Predictions);

    public BatchStatistics Add(BatchStatistics other) => this + other;
}
