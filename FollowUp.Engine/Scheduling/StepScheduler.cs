using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Scheduling;

/// <summary>Schedules a step: enqueues it at once when it falls within the look-ahead, or records it in the due index for the scan.</summary>
/// <remarks>
/// The NextDue row is written first and removed only after the outcome is recorded (<see cref="ForgetAsync"/>), so a step
/// lost to a crash before its message or its index row was written is found by the <see cref="StepSweeper"/>, at most
/// <see cref="SweeperOptions.Overdue"/> after it was due. A step within the look-ahead never gets a due index row: writing
/// one and deleting it after the enqueue cost two storage transactions a step, and a scan between the two enqueued the step a
/// second time. The scan enqueues index rows and then removes them, so a crash in between enqueues a step twice, never
/// loses it, and the send claim absorbs the duplicate.
/// </remarks>
public sealed class StepScheduler(DueIndex index, NextDueIndex nextDue, StepQueue queue, TimeProvider time, IOptions<FollowUpOptions> options, ILogger<StepScheduler> logger)
{
    /// <summary>Adds the entry to the NextDue index, then enqueues it if it is due within the look-ahead, or adds it to the due index.</summary>
    public async Task ScheduleAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        await TrackAsync(entry, cancellationToken);
        await RescheduleAsync(entry, cancellationToken);
    }

    /// <summary>Enqueues the entry if it is due within the look-ahead, or adds it to the due index, leaving its NextDue row as it is.</summary>
    public async Task RescheduleAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        if (IsWithinLookAhead(entry))
        {
            await EnqueueNowAsync(entry, cancellationToken);
        }
        else
        {
            await index.AddAsync(entry, cancellationToken);
        }
    }

    /// <summary>Writes the NextDue row of the entry only, for a caller that writes the due index row itself.</summary>
    public Task TrackAsync(DueEntry entry, CancellationToken cancellationToken) => nextDue.AddAsync(NextDueEntry.For(entry), cancellationToken);

    /// <summary>Removes the NextDue row of the entry, once the step's outcome is recorded (or it was never stored).</summary>
    public Task ForgetAsync(DueEntry entry, CancellationToken cancellationToken) => nextDue.RemoveAsync(NextDueEntry.For(entry), cancellationToken);

    /// <summary>Whether the entry is due within the look-ahead, so that it goes on the queue at once instead of into the due index.</summary>
    public bool IsWithinLookAhead(DueEntry entry) => entry.DueUtc <= time.GetUtcNow() + options.Value.LookAhead;

    /// <summary>Enqueues entries of one shard, then removes them from the index in batch transactions.</summary>
    public async Task EnqueueAsync(IReadOnlyList<DueEntry> shardEntries, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            shardEntries,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (entry, ct) => await EnqueueNowAsync(entry, ct));
        await index.RemoveAsync(shardEntries, cancellationToken);
    }

    /// <summary>Enqueues the entry with a visibility delay until it is due, leaving the due index alone: for a caller that decided with <see cref="IsWithinLookAhead"/>.</summary>
    public async Task EnqueueNowAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        await queue.EnqueueAsync(entry.ToMessage(), entry.DueUtc - time.GetUtcNow(), cancellationToken);
        logger.LogDebug("Enqueued {StepId} of {EnrollmentId}, due {DueUtc}", entry.StepId, entry.EnrollmentId, entry.DueUtc);
    }
}
