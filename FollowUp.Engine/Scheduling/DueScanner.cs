using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Scheduling;

/// <summary>The timer's entry point: enqueues every step due within the look-ahead, reading due rows only.</summary>
/// <remarks>Each page of a shard is enqueued first and then removed from the index in batch transactions, so a crash
/// leaves rows to be enqueued again (the send claim absorbs the duplicate) and never removes a row that was not enqueued.</remarks>
public sealed class DueScanner(DueIndex index, StepScheduler scheduler, TimeProvider time, IOptions<FollowUpOptions> options, ILogger<DueScanner> logger)
{
    /// <summary>Reads each shard's rows due before now plus the look-ahead and enqueues them with a delay until due.</summary>
    public async Task<ScanResult> ScanAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var horizon = time.GetUtcNow() + options.Value.LookAhead;
        var enqueued = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, DueEntry.ShardCount),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (shard, ct) =>
            {
                await foreach (var page in index.ReadDueAsync(shard, horizon, ct))
                {
                    await scheduler.EnqueueAsync(page, ct);
                    Interlocked.Add(ref enqueued, page.Count);
                }
            });

        var result = new ScanResult(enqueued, Stopwatch.GetElapsedTime(started));
        if (enqueued > 0)
        {
            logger.LogInformation("Scan enqueued {Count} due steps in {ElapsedMs} ms", enqueued, result.Elapsed.TotalMilliseconds);
        }

        return result;
    }
}
