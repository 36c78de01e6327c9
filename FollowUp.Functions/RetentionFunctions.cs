using FollowUp.Engine.Retention;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The timer that removes records past their retention.</summary>
/// <remarks>The schedule comes from the FOLLOWUP_RETENTION_SCHEDULE app setting, <c>0 17 3 * * *</c> (daily at 03:17 UTC) in
/// the Bicep and in local.settings.example.json.</remarks>
public sealed class RetentionFunctions(RetentionCleaner cleaner)
{
    /// <summary>Removes idempotency and delivery records, cap rows, and the timelines and claims of long-ended enrollments, a bounded number per run.</summary>
    [Function(nameof(RemoveExpiredRecords))]
    public Task RemoveExpiredRecords([TimerTrigger("%FOLLOWUP_RETENTION_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
        => cleaner.CleanAsync(ct);
}
