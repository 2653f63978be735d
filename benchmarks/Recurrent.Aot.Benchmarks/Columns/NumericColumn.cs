using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Recurrent.Aot.Benchmarks.Columns;

/// <summary>
/// The plumbing every computed column shares: a value per benchmark case, or "-" where the
/// column does not apply (a ceiling has no speed-up, a step benchmark no bandwidth).
/// </summary>
public abstract class NumericColumn : IColumn
{
    public abstract string Id { get; }

    public abstract string ColumnName { get; }

    public abstract string Legend { get; }

    /// <summary>Digits after the decimal point.</summary>
    protected virtual int Decimals => 2;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public virtual int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    /// <summary>The value for one case, or null where it does not apply or was not measured.</summary>
    public abstract double? Compute(Summary summary, BenchmarkCase benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Compute(summary, benchmarkCase) is { } value
            ? value.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : "-";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(benchmarkCase => Compute(summary, benchmarkCase) is not null);

    /// <summary>The median time of one call in nanoseconds, or null if the case has no result.</summary>
    protected static double? MedianNanoseconds(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics?.Median is { } median && median > 0 ? median : null;
}
