using FollowUp.Engine.Scheduling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FollowUp.Functions;

/// <summary>The timer that hands due steps to the queue.</summary>
/// <remarks>The schedule comes from the FOLLOWUP_SCAN_SCHEDULE app setting, <c>0 */1 * * * *</c> (once a minute) in the
/// Bicep's punctual profile and in local.settings.example.json, every 10 minutes in its economy profile; the host refuses to index the function while the setting is missing.</remarks>
public sealed class ScanFunctions(DueScanner scanner, ILogger<ScanFunctions> logger)
{
    /// <summary>Enqueues every step due within the look-ahead; a late run (after a restart or a scale-in) is logged and scans as usual.</summary>
    [Function(nameof(ScanDueSteps))]
    public Task ScanDueSteps([TimerTrigger("%FOLLOWUP_SCAN_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("The scan is past due; it enqueues everything due by now, so no step is lost");
        }

        return scanner.ScanAsync(ct);
    }
}
