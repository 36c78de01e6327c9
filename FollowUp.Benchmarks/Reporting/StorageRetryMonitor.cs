using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;

namespace FollowUp.Benchmarks.Reporting;

/// <summary>Counts the storage requests the Azure SDK retried or saw fail, so that an outlier in the figures can be explained.</summary>
/// <remarks>
/// A retried queue send whose first attempt did reach the service enqueues the step twice; the send claim absorbs that,
/// but the scan is then slower and the queue holds more messages than due rows.
/// </remarks>
internal sealed class StorageRetryMonitor : IDisposable
{
    private readonly AzureEventSourceListener listener;
    private readonly ProgressLog log;
    private int retries;
    private int failures;

    /// <summary>Starts listening to the Azure SDK's events.</summary>
    public StorageRetryMonitor(ProgressLog log)
    {
        this.log = log;
        listener = new AzureEventSourceListener(OnEvent, EventLevel.Informational);
    }

    /// <summary>Requests retried so far.</summary>
    public int Retries => Volatile.Read(ref retries);

    /// <summary>Attempts that ended in an exception (a timeout or a broken connection) so far.</summary>
    public int Failures => Volatile.Read(ref failures);

    public void Dispose() => listener.Dispose();

    private void OnEvent(EventWrittenEventArgs e, string message)
    {
        switch (e.EventName)
        {
            case "RequestRetrying":
                Interlocked.Increment(ref retries);
                log.Line($"storage: {message}");
                break;
            case "ExceptionResponse":
                Interlocked.Increment(ref failures);
                log.Line($"storage: {message}");
                break;
        }
    }
}
