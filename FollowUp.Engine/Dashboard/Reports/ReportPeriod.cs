using System.Globalization;

namespace FollowUp.Engine.Dashboard.Reports;

/// <summary>The days a report page counts: all time, the last few days, or a range the operator typed, in the business's time zone.</summary>
/// <param name="Days">The preset (7, 30, 90) when one was chosen.</param>
/// <param name="From">The first day counted, or null for all time.</param>
/// <param name="To">The last day counted, or null for all time.</param>
/// <param name="FromText">The first day as the form shows it.</param>
/// <param name="ToText">The last day as the form shows it.</param>
public sealed record ReportPeriod(int? Days, DateOnly? From, DateOnly? To, string? FromText, string? ToText)
{
    /// <summary>The presets the page offers as links.</summary>
    public static readonly IReadOnlyList<int> Presets = [7, 30, 90];

    /// <summary>Every day since the sequence began.</summary>
    public static readonly ReportPeriod AllTime = new(null, null, null, null, null);

    /// <summary>The last <paramref name="days"/> days up to and including <paramref name="today"/>.</summary>
    public static ReportPeriod Last(int days, DateOnly today) => new(days, today.AddDays(1 - days), today, Text(today.AddDays(1 - days)), Text(today));

    /// <summary>Whether every day is counted.</summary>
    public bool IsAllTime => From is null && Days is null && FromText is null && ToText is null;

    /// <summary>The period in words: "All time", "Last 7 days (Wed 25 Nov – Tue 1 Dec 2026)".</summary>
    public string Describe()
    {
        if (From is null || To is null)
        {
            return "All time";
        }

        var range = From == To ? Long(From.Value) : $"{Long(From.Value)} – {Long(To.Value)}";
        return Days is null ? range : $"Last {Days} days ({range})";
    }

    /// <summary>The query string of this period (with <paramref name="version"/> when one was asked for), starting with <c>?</c>, or empty.</summary>
    public string Query(int? version)
    {
        var parts = new List<string>();
        if (Days is not null)
        {
            parts.Add("days=" + Days.Value.ToString(CultureInfo.InvariantCulture));
        }
        else if (From is not null && To is not null)
        {
            parts.Add("from=" + Text(From.Value));
            parts.Add("to=" + Text(To.Value));
        }

        if (version is not null)
        {
            parts.Add("version=" + version.Value.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>A day as the API and a date input write it.</summary>
    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Long(DateOnly day) => day.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
}
