using FollowUp.Engine.Scheduling;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The timer that hands due steps to the queue.</summary>
public sealed class ScanFunctions(DueScanner scanner)
{
    /// <summary>Enqueues every step due within the look-ahead, on the FOLLOWUP_SCAN_SCHEDULE setting.</summary>
    [Function(nameof(ScanDueSteps))]
    public Task ScanDueSteps([TimerTrigger("%FOLLOWUP_SCAN_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
        => scanner.ScanAsync(ct);
}
