using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Scheduling;

/// <summary>Schedules a step: records it in the due index and, when it falls within the look-ahead, enqueues it at once.</summary>
/// <remarks>
/// The index row is written before the message and removed only after the message is enqueued, so a crash in between
/// leaves the row for the next scan: the step may be enqueued twice, never lost, and the send claim absorbs the duplicate.
/// The NextDue row is written before the index row and removed only after the outcome is recorded (<see cref="ForgetAsync"/>),
/// so a step lost between the two is found by the <see cref="StepSweeper"/>.
/// </remarks>
public sealed class StepScheduler(DueIndex index, NextDueIndex nextDue, StepQueue queue, TimeProvider time, IOptions<FollowUpOptions> options, ILogger<StepScheduler> logger)
{
    /// <summary>Adds the entry to the NextDue and due indexes and enqueues it if it is due within the look-ahead.</summary>
    public async Task ScheduleAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        await TrackAsync(entry, cancellationToken);
        await RescheduleAsync(entry, cancellationToken);
    }

    /// <summary>Adds the entry to the due index and enqueues it if it is due within the look-ahead, leaving its NextDue row as it is.</summary>
    public async Task RescheduleAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        await index.AddAsync(entry, cancellationToken);
        await EnqueueIfWithinLookAheadAsync(entry, cancellationToken);
    }

    /// <summary>Writes the NextDue row of the entry only, for a caller that writes the due index row itself.</summary>
    public Task TrackAsync(DueEntry entry, CancellationToken cancellationToken) => nextDue.AddAsync(NextDueEntry.For(entry), cancellationToken);

    /// <summary>Removes the NextDue row of the entry, once the step's outcome is recorded (or it was never stored).</summary>
    public Task ForgetAsync(DueEntry entry, CancellationToken cancellationToken) => nextDue.RemoveAsync(NextDueEntry.For(entry), cancellationToken);

    /// <summary>Enqueues an entry already in the index, and removes it there, if it is due within the look-ahead; otherwise the scan will.</summary>
    public async Task EnqueueIfWithinLookAheadAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        if (entry.DueUtc <= time.GetUtcNow() + options.Value.LookAhead)
        {
            await EnqueueAsync(entry, cancellationToken);
        }
    }

    /// <summary>Enqueues the entry with a visibility delay until it is due, then removes it from the index.</summary>
    public async Task EnqueueAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        await EnqueueOnlyAsync(entry, cancellationToken);
        await index.RemoveAsync(entry, cancellationToken);
    }

    /// <summary>Enqueues entries of one shard, then removes them from the index in batch transactions.</summary>
    public async Task EnqueueAsync(IReadOnlyList<DueEntry> shardEntries, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            shardEntries,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (entry, ct) => await EnqueueOnlyAsync(entry, ct));
        await index.RemoveAsync(shardEntries, cancellationToken);
    }

    private async Task EnqueueOnlyAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        await queue.EnqueueAsync(entry.ToMessage(), entry.DueUtc - time.GetUtcNow(), cancellationToken);
        logger.LogDebug("Enqueued {StepId} of {EnrollmentId}, due {DueUtc}", entry.StepId, entry.EnrollmentId, entry.DueUtc);
    }
}
