namespace FollowUp.Benchmarks.Scan;

/// <summary>The timed scans of one index size, and what the index held afterwards.</summary>
/// <param name="Scheduled">Future rows in the index while the scans ran.</param>
/// <param name="Due">Due rows added before each scan.</param>
/// <param name="Runs">The timed scans.</param>
/// <param name="FutureRowsAfter">Future rows counted after the last scan; equal to <paramref name="Scheduled"/> when the scans left them alone.</param>
/// <param name="DueRowsAfter">Rows due within the look-ahead counted after the last scan; 0 when the scan removed every row it enqueued.</param>
/// <param name="EmptyQueryMilliseconds">The median time of a one-shard query whose key range holds no row.</param>
internal sealed record ScanMeasurement(int Scheduled, int Due, IReadOnlyList<ScanRun> Runs, long FutureRowsAfter, long DueRowsAfter, double EmptyQueryMilliseconds)
{
    /// <summary>The median scan time in milliseconds.</summary>
    public double MedianMilliseconds => Reporting.Figures.Median(Runs.Select(run => run.Milliseconds).ToArray());

    /// <summary>Whether every scan read and enqueued exactly the due rows and left the future rows in place.</summary>
    public bool IsCorrect =>
        Runs.All(run => run.Enqueued == Due && run.QueueMessages == Due) && FutureRowsAfter == Scheduled && DueRowsAfter == 0;
}
