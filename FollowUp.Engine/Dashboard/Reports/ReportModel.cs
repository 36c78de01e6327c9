using FollowUp.Engine.Reports;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Reports;

/// <summary>What the report page shows: the sequence version, the period asked for, and its report unless the period was wrong.</summary>
/// <param name="Sequence">The version reported.</param>
/// <param name="Latest">The latest version of the sequence.</param>
/// <param name="AskedVersion">The version asked for in the address, or null for the latest.</param>
/// <param name="Period">The days counted.</param>
/// <param name="Report">The report; null when the period has errors.</param>
/// <param name="Errors">What is wrong with the period, by field; null when nothing is.</param>
public sealed record ReportModel(Sequence Sequence, int Latest, int? AskedVersion, ReportPeriod Period, SequenceReport? Report, IReadOnlyDictionary<string, string[]>? Errors)
{
    /// <summary>The figures the funnel chart draws for each step, with their labels and the rate that goes with each.</summary>
    public static readonly IReadOnlyList<(string Metric, string Label, string? Rate)> Funnel =
    [
        (ReportMetric.Sent, "Sent", null), (ReportMetric.Delivered, "Delivered", "delivery"), (ReportMetric.Replied, "Replied", "reply"),
        (ReportMetric.Clicked, "Clicked", "click"), (ReportMetric.Unsubscribed, "Opted out", "unsubscribe"), (ReportMetric.Converted, "Converted", "conversion"),
    ];

    /// <summary>The figures only the table shows.</summary>
    public static readonly IReadOnlyList<(string Metric, string Label, string? Rate)> Problems =
    [
        (ReportMetric.Bounced, "Bounced", "bounce"), (ReportMetric.Failed, "Failed", null), (ReportMetric.Skipped, "Skipped", null),
    ];

    /// <summary>The address of this page for another period or version.</summary>
    public string PathFor(ReportPeriod period, int? version) => DashboardPaths.To("sequences", Sequence.Id, "report") + period.Query(version);

    /// <summary>The address of this report's CSV.</summary>
    public string CsvPath => DashboardPaths.To("sequences", Sequence.Id, "report.csv") + Period.Query(AskedVersion);

    /// <summary>A step's position, channel and id, as the page names it: "1. Email · welcome".</summary>
    public string StepLabel(string stepId)
    {
        var index = Sequence.Steps.ToList().FindIndex(s => s.Id == stepId);
        return index < 0 ? stepId : $"{index + 1}. {(Sequence.Steps[index].Channel == StepChannel.Sms ? "SMS" : "Email")} · {stepId}";
    }

    /// <summary>A rate as a whole percentage ("42%"), or an empty string with no sends.</summary>
    public static string Percent(double? rate) => rate is null ? "" : rate.Value.ToString("0%", System.Globalization.CultureInfo.InvariantCulture);
}
