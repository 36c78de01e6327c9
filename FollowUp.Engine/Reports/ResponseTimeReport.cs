namespace FollowUp.Engine.Reports;

/// <summary>How long after the step's send its responses of one kind came: the count, and the median and 90th percentile estimated from the buckets.</summary>
/// <param name="Count">How many responses.</param>
/// <param name="MedianSeconds">Half came within this many seconds; null with none.</param>
/// <param name="P90Seconds">Nine in ten came within this many seconds; null with none.</param>
public sealed record ResponseTimeReport(long Count, double? MedianSeconds, double? P90Seconds)
{
    /// <summary>Reads the distribution of <paramref name="metric"/> from the counts.</summary>
    public static ResponseTimeReport From(StepCounts counts, string metric)
    {
        var buckets = Enumerable.Range(0, ResponseTimes.BucketCount).Select(b => counts[ResponseTimes.Column(metric, b)]).ToList();
        return new ResponseTimeReport(buckets.Sum(), ResponseTimes.Quantile(buckets, 0.5)?.TotalSeconds, ResponseTimes.Quantile(buckets, 0.9)?.TotalSeconds);
    }
}
