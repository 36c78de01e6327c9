namespace FollowUp.Engine.Reports;

/// <summary>The fixed buckets in which the time from a send to a response is counted, and the quantiles read back from them.</summary>
/// <remarks>
/// A distribution kept as thirteen counter columns costs nothing beyond the count it goes with (the same row, the same
/// write), and adds exactly under retries like any counter; the price is that a median or p90 is known only to within its
/// bucket, and is estimated by linear interpolation inside it.
/// </remarks>
public static class ResponseTimes
{
    /// <summary>The upper bounds of the buckets; the last bucket has no bound.</summary>
    public static readonly IReadOnlyList<TimeSpan> Bounds =
    [
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6),
        TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(4), TimeSpan.FromDays(7),
        TimeSpan.FromDays(14), TimeSpan.FromDays(30),
    ];

    /// <summary>How many buckets there are: one per bound and one beyond the last.</summary>
    public static int BucketCount => Bounds.Count + 1;

    /// <summary>The bucket a response after <paramref name="elapsed"/> falls in.</summary>
    public static int BucketOf(TimeSpan elapsed)
    {
        for (var i = 0; i < Bounds.Count; i++)
        {
            if (elapsed < Bounds[i])
            {
                return i;
            }
        }

        return Bounds.Count;
    }

    /// <summary>The counter column of a response metric's bucket.</summary>
    public static string Column(string metric, int bucket) => $"{metric}_t{bucket:D2}";

    /// <summary>The time by which a fraction <paramref name="quantile"/> of the responses had come, interpolated within its bucket; null with no responses.</summary>
    /// <remarks>A quantile in the last, unbounded bucket is reported as its lower bound.</remarks>
    public static TimeSpan? Quantile(IReadOnlyList<long> counts, double quantile)
    {
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long below = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] > 0 && below + counts[i] >= rank)
            {
                var lower = i == 0 ? TimeSpan.Zero : Bounds[i - 1];
                if (i >= Bounds.Count)
                {
                    return lower;
                }

                var fraction = (rank - below) / counts[i];
                return lower + (Bounds[i] - lower) * fraction;
            }

            below += counts[i];
        }

        return Bounds[^1];
    }
}
