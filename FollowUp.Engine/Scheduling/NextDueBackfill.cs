using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Scheduling;

/// <summary>Gives the steps scheduled before the NextDue table existed a NextDue row, from their DueIndex rows, a bounded number per sweep.</summary>
/// <remarks>
/// A marker row in NextDue keeps the due index walk's continuation token, so each run goes on where the last stopped,
/// and says when the walk is done; a crash repeats at most one run's pages. A row is added only where the step has none,
/// so a step's sweep count is never reset. Once the marker says done, the process remembers it and reads it no more.
/// Steps already on the queue when the NextDue table came have no DueIndex row either, and stay unseen by the sweep.
/// </remarks>
public sealed class NextDueBackfill(DueIndex dueIndex, NextDueIndex nextDue, ILogger<NextDueBackfill> logger)
{
    /// <summary>Due index rows read per page.</summary>
    public const int PageSize = 1000;

    /// <summary>Pages walked per run, so one sweep does bounded work: at most 5,000 rows.</summary>
    public const int PagesPerRun = 5;

    private volatile bool done;

    /// <summary>Walks up to <see cref="PagesPerRun"/> pages of the due index and adds the missing NextDue rows; returns how many it added.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (done)
        {
            return 0;
        }

        var marker = await nextDue.GetBackfillMarkerAsync(cancellationToken) ?? new NextDueBackfillMarker(null, false, 0);
        var added = 0;
        for (var page = 0; page < PagesPerRun && !marker.Done; page++)
        {
            var (entries, next) = await dueIndex.ReadPageAsync(marker.ContinuationToken, PageSize, cancellationToken);
            var pageAdded = 0;
            await Parallel.ForEachAsync(
                entries,
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (entry, ct) =>
                {
                    if (await nextDue.AddIfAbsentAsync(NextDueEntry.For(entry), ct))
                    {
                        Interlocked.Increment(ref pageAdded);
                    }
                });
            added += pageAdded;
            marker = new NextDueBackfillMarker(next, next is null, marker.Added + pageAdded);
            await nextDue.SetBackfillMarkerAsync(marker, cancellationToken);
        }

        if (added > 0)
        {
            logger.LogInformation("Gave {Added} steps scheduled before the NextDue table a row there, so the sweep sees them ({Total} in all)", added, marker.Added);
        }

        done = marker.Done;
        return added;
    }
}
