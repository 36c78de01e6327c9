namespace FollowUp.Benchmarks.Scan;

/// <summary>One timed scan.</summary>
/// <param name="Milliseconds">Wall-clock time of <c>DueScanner.ScanAsync</c>.</param>
/// <param name="Enqueued">Rows the scanner read and enqueued, as it reports them.</param>
/// <param name="QueueMessages">Messages the scan added to the step queue, counted by the queue service.</param>
/// <param name="Retries">Storage requests the Azure SDK retried during the scan.</param>
internal sealed record ScanRun(double Milliseconds, int Enqueued, int QueueMessages, int Retries);
