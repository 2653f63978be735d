namespace Recurrent.Aot.Training.Reporting;

/// <summary>One epoch's numbers. Accuracies are NaN for regression; validation values are NaN without validation data.</summary>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds)
{
    public bool HasValidation => !double.IsNaN(ValidationLoss);
}
