using System.Globalization;
using System.Text;

namespace Recurrent.Aot.Training.Reporting;

/// <summary>Writes per-epoch metrics as CSV (invariant culture; empty cells for values that do not apply).</summary>
public static class MetricsCsvWriter
{
    public const string Header = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds";

    public static string Format(IEnumerable<EpochMetrics> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var text = new StringBuilder(Header).Append('\n');
        foreach (EpochMetrics m in epochs)
        {
            text.Append(m.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(m.TrainLoss)).Append(',')
                .Append(Number(m.TrainAccuracy)).Append(',')
                .Append(Number(m.ValidationLoss)).Append(',')
                .Append(Number(m.ValidationAccuracy)).Append(',')
                .Append(m.Seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    public static void Save(string path, IEnumerable<EpochMetrics> epochs) => File.WriteAllText(path, Format(epochs));

    private static string Number(double value) => double.IsNaN(value) ? string.Empty : value.ToString("G6", CultureInfo.InvariantCulture);
}
