using System.Globalization;
using CsvHelper;

namespace FollowUp.Engine.Reports;

/// <summary>Writes a <see cref="SequenceReport"/> as CSV: a row for the enrollments, then one per step and per variant.</summary>
/// <remarks>CsvHelper quotes per RFC 4180, and escapes a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return so that a spreadsheet does not run it as a formula.</remarks>
public static class ReportCsv
{
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    private static readonly string[] EnrollmentColumns = [ReportMetric.Enrolled, "active", ReportMetric.Completed, ReportMetric.Halted];

    /// <summary>The CSV text of the report.</summary>
    public static string Write(SequenceReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = CsvWriter.Create(text, Options, leaveOpen: true);
        string[] header =
        [
            "sequence", "version", "from", "to", "timeZone", "step", "variant", .. EnrollmentColumns, .. ReportMetric.StepFigures,
            .. ReportMetric.SkipReasons.Select(ReportMetric.SkippedColumn),
            .. StepReport.RateMetrics.Select(r => r.Rate + "Rate"),
            .. ReportMetric.Responses.SelectMany(m => new[] { m + "MedianSeconds", m + "P90Seconds" }),
            "verdict",
        ];
        foreach (var name in header)
        {
            csv.WriteField(name);
        }

        csv.EndRecord();
        Start(csv, report, "", null);
        foreach (var column in EnrollmentColumns)
        {
            csv.WriteField(Number(report.Enrollments.GetValueOrDefault(column)));
        }

        for (var i = EnrollmentColumns.Length; i < header.Length - 7; i++)
        {
            csv.WriteField("");
        }

        csv.EndRecord();
        foreach (var step in report.Steps)
        {
            WriteStep(csv, report, step, null);
            foreach (var variant in step.Variants ?? [])
            {
                WriteStep(csv, report, variant, step.Comparisons?.FirstOrDefault(c => c.Challenger == variant.Variant)?.Verdict);
            }
        }

        csv.Flush();
        return text.ToString();
    }

    private static void Start(CsvWriter csv, SequenceReport report, string step, string? variant)
    {
        csv.WriteField(report.SequenceId);
        csv.WriteField(report.Version.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(report.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        csv.WriteField(report.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        csv.WriteField(report.TimeZone);
        csv.WriteField(step);
        csv.WriteField(variant ?? "");
    }

    private static void WriteStep(CsvWriter csv, SequenceReport report, StepReport step, string? verdict)
    {
        Start(csv, report, step.StepId, step.Variant);
        foreach (var _ in EnrollmentColumns)
        {
            csv.WriteField("");
        }

        foreach (var metric in ReportMetric.StepFigures)
        {
            csv.WriteField(Number(step.Counts[metric]));
        }

        foreach (var reason in ReportMetric.SkipReasons)
        {
            csv.WriteField(Number(step.SkippedBy[reason]));
        }

        foreach (var (rate, _) in StepReport.RateMetrics)
        {
            csv.WriteField(step.Rates[rate]?.ToString("0.####", CultureInfo.InvariantCulture) ?? "");
        }

        foreach (var metric in ReportMetric.Responses)
        {
            csv.WriteField(step.ResponseTimes[metric].MedianSeconds?.ToString("0", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(step.ResponseTimes[metric].P90Seconds?.ToString("0", CultureInfo.InvariantCulture) ?? "");
        }

        csv.WriteField(verdict ?? "");
        csv.EndRecord();
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
