using System.Globalization;

namespace FollowUp.Benchmarks.Reporting;

/// <summary>Statistics and number formats shared by the benchmarks' tables.</summary>
internal static class Figures
{
    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The nearest-rank percentile <paramref name="percent"/> of values already sorted ascending.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>An integer with thousands separators: <c>1,000,000</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Milliseconds with one decimal.</summary>
    public static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>A ratio with two decimals and a times sign: <c>1.25×</c>.</summary>
    public static string Ratio(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "×";

    /// <summary>A rate per second without decimals.</summary>
    public static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with one decimal: <c>99.5 %</c>.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";

    /// <summary>A duration as seconds with one decimal.</summary>
    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
}
