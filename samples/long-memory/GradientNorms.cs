using System.Globalization;

namespace LongMemory;

/// <summary>
/// The gradient norms the training program measured with the trainer's backward pass on the gap-50 models
/// (models/gradient-norms.csv, compiled into the binary as a resource): mean ‖∂L/∂h_t‖ over 200 sequences
/// against the distance T−1−t from the last step, before and after training.
/// </summary>
public sealed class GradientNorms
{
    private readonly Dictionary<string, double[]> _columns;

    private GradientNorms(Dictionary<string, double[]> columns, int distances)
    {
        _columns = columns;
        Distances = distances;
    }

    /// <summary>Rows: distances 0 .. Distances − 1.</summary>
    public int Distances { get; }

    /// <summary>A column such as <c>rnn_h_init</c>, <c>gru_h_trained</c>, <c>lstm_c_init</c>; NaN where the file has no value.</summary>
    public double[] this[string column] => _columns[column];

    public static GradientNorms Load()
    {
        using Stream stream = typeof(GradientNorms).Assembly.GetManifestResourceStream("gradient-norms.csv")
            ?? throw new InvalidOperationException("gradient-norms.csv is not embedded in the binary.");
        using var reader = new StreamReader(stream);
        string[] header = reader.ReadLine()!.Split(',');
        var rows = new List<string[]>();
        while (reader.ReadLine() is string line && line.Length > 0)
        {
            rows.Add(line.Split(','));
        }

        var columns = new Dictionary<string, double[]>();
        for (int c = 1; c < header.Length; c++)
        {
            double[] values = new double[rows.Count];
            for (int r = 0; r < rows.Count; r++)
            {
                string cell = rows[r][c];
                values[r] = cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);
            }

            columns[header[c]] = values;
        }

        return new GradientNorms(columns, rows.Count);
    }
}
