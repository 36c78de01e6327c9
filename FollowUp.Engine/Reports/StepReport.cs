namespace FollowUp.Engine.Reports;

/// <summary>One step's figures (or one variant's), with its rates and response times.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Variant">The variant, or null for the whole step.</param>
/// <param name="Counts">Each figure of <see cref="ReportMetric.StepFigures"/>.</param>
/// <param name="SkippedBy">The skipped steps by reason.</param>
/// <param name="Rates">Delivery, bounce, reply, unsubscribe, click and conversion rates, each over the sends; null with no sends.</param>
/// <param name="ResponseTimes">Per response figure, how long after the send the responses came.</param>
/// <param name="Variants">The variants' figures, when the step has variants.</param>
/// <param name="Comparisons">Each variant after the first against the first, on <paramref name="MainRate"/>.</param>
/// <param name="MainRate">The rate variants are compared on: <c>reply</c>, or <c>click</c> where there are no replies.</param>
public sealed record StepReport(
    string StepId,
    string? Variant,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyDictionary<string, long> SkippedBy,
    IReadOnlyDictionary<string, double?> Rates,
    IReadOnlyDictionary<string, ResponseTimeReport> ResponseTimes,
    IReadOnlyList<StepReport>? Variants,
    IReadOnlyList<VariantComparison>? Comparisons,
    string? MainRate)
{
    /// <summary>The rates' names and the figure each divides by the sends.</summary>
    public static readonly IReadOnlyList<(string Rate, string Metric)> RateMetrics =
    [
        ("delivery", ReportMetric.Delivered), ("bounce", ReportMetric.Bounced), ("reply", ReportMetric.Replied),
        ("unsubscribe", ReportMetric.Unsubscribed), ("click", ReportMetric.Clicked), ("conversion", ReportMetric.Converted),
    ];

    /// <summary>The report of a step, or of one variant of it, from its counts.</summary>
    public static StepReport From(string stepId, StepCounts counts, IReadOnlyList<StepCounts>? variants)
    {
        var figures = ReportMetric.StepFigures.ToDictionary(m => m, m => counts[m], StringComparer.Ordinal);
        var sent = figures[ReportMetric.Sent];
        IReadOnlyList<StepReport>? variantReports = variants is { Count: > 0 } ? [.. variants.Select(v => From(stepId, v, null))] : null;
        string? mainRate = null;
        List<VariantComparison>? comparisons = null;
        if (variantReports is not null)
        {
            mainRate = figures[ReportMetric.Replied] == 0 && figures[ReportMetric.Clicked] > 0 ? "click" : "reply";
            var metric = mainRate == "click" ? ReportMetric.Clicked : ReportMetric.Replied;
            var first = variantReports[0];
            comparisons = [.. variantReports.Skip(1).Select(v => VariantComparison.Compare(
                first.Variant!, first.Counts[metric], first.Counts[ReportMetric.Sent], v.Variant!, v.Counts[metric], v.Counts[ReportMetric.Sent]))];
        }

        return new StepReport(
            stepId,
            variants is null && counts.Variant.Length > 0 ? counts.Variant : null,
            figures,
            ReportMetric.SkipReasons.ToDictionary(r => r, r => counts[ReportMetric.SkippedColumn(r)], StringComparer.Ordinal),
            RateMetrics.ToDictionary(r => r.Rate, r => sent == 0 ? (double?)null : Math.Min(1.0, (double)figures[r.Metric] / sent), StringComparer.Ordinal),
            ReportMetric.Responses.ToDictionary(m => m, m => ResponseTimeReport.From(counts, m), StringComparer.Ordinal),
            variantReports,
            comparisons,
            mainRate);
    }
}
