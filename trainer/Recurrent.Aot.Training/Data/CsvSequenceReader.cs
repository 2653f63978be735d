using System.Globalization;

namespace Recurrent.Aot.Training.Data;

/// <summary>
/// Reads sequences from CSV, one sequence per line: the targets first, then the inputs step by step
/// (features values per step). N→1: one label (or TargetWidth values); N→N: one label (or TargetWidth
/// values) per step, all before the inputs. An optional header line (any non-numeric first field) is skipped;
/// blank lines and lines starting with '#' are ignored. Every line must have the same number of values.
/// </summary>
public static class CsvSequenceReader
{
    public static List<SequenceExample> Read(string path, int features, TargetLayout layout)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return Read(reader, Path.GetFileName(path), features, layout);
    }

    public static List<SequenceExample> Read(TextReader reader, string fileName, int features, TargetLayout layout)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        var examples = new List<SequenceExample>();
        int? columns = null;
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            string[] fields = trimmed.Split(',');
            if (columns is null && examples.Count == 0 && !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                continue;   // header
            }

            string where = $"{fileName}:{lineNumber}";
            if (columns is int expected && fields.Length != expected)
            {
                throw new DataFormatException($"{where}: ragged row: {fields.Length} values, the first data line has {expected}.");
            }

            columns ??= fields.Length;
            float[] values = ParseValues(fields, where);
            SequenceExample example = Split(values, features, layout, where);
            if (example.Labels is not null && layout.Classes is int classes)
            {
                int bad = Array.FindIndex(example.Labels, l => l >= classes);
                if (bad >= 0)
                {
                    throw new DataFormatException($"{where}, column {bad + 1}: label {example.Labels[bad]} is outside [0, {classes}).");
                }
            }

            examples.Add(example);
        }

        if (examples.Count == 0)
        {
            throw new DataFormatException($"{fileName}: no data lines.");
        }

        return examples;
    }

    private static float[] ParseValues(string[] fields, string where)
    {
        var values = new float[fields.Length];
        for (int i = 0; i < fields.Length; i++)
        {
            string field = fields[i].Trim();
            if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
            {
                throw new DataFormatException($"{where}, column {i + 1}: '{field}' is not a number.");
            }

            if (!float.IsFinite(v))
            {
                throw new DataFormatException($"{where}, column {i + 1}: {field} is not allowed (NaN or infinite).");
            }

            values[i] = v;
        }

        return values;
    }

    /// <summary>Splits one row into targets and inputs; the step count follows from the row length.</summary>
    private static SequenceExample Split(float[] values, int features, TargetLayout layout, string where)
    {
        int perStep = layout.Labels ? 1 : layout.TargetWidth;

        // N→1: targets, then steps·features inputs. N→N: steps·perStep targets, then steps·features inputs.
        int steps;
        int targetCount;
        if (layout.EveryStep)
        {
            if (values.Length % (perStep + features) != 0)
            {
                throw new DataFormatException($"{where}: {values.Length} values cannot be split into steps of {perStep} target(s) and {features} feature(s).");
            }

            steps = values.Length / (perStep + features);
            targetCount = steps * perStep;
        }
        else
        {
            int inputs = values.Length - perStep;
            if (inputs <= 0 || inputs % features != 0)
            {
                throw new DataFormatException($"{where}: after {perStep} target value(s), {Math.Max(inputs, 0)} input values are not a positive multiple of {features} features.");
            }

            steps = inputs / features;
            targetCount = perStep;
        }

        float[] inputValues = values[targetCount..];
        if (!layout.Labels)
        {
            return SequenceExample.WithTargets(inputValues, steps, values[..targetCount], layout.EveryStep ? steps : 1);
        }

        int[] labels = new int[targetCount];
        for (int i = 0; i < targetCount; i++)
        {
            float v = values[i];
            if (v < 0 || v != MathF.Floor(v) || v > int.MaxValue)
            {
                throw new DataFormatException($"{where}, column {i + 1}: label {v.ToString(CultureInfo.InvariantCulture)} is not a non-negative integer.");
            }

            labels[i] = (int)v;
        }

        return SequenceExample.WithLabels(inputValues, steps, labels);
    }
}
