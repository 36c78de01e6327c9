using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Scheduling;

/// <summary>The timer's entry point: enqueues every step due within the look-ahead, reading due rows only.</summary>
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
            async (shard, ct) => await Parallel.ForEachAsync(
                index.ReadDueAsync(shard, horizon, ct),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (entry, innerCt) =>
                {
                    await scheduler.EnqueueAsync(entry, innerCt);
                    Interlocked.Increment(ref enqueued);
                }));

        var result = new ScanResult(enqueued, Stopwatch.GetElapsedTime(started));
        if (enqueued > 0)
        {
            logger.LogInformation("Scan enqueued {Count} due steps in {ElapsedMs} ms", enqueued, result.Elapsed.TotalMilliseconds);
        }

        return result;
    }
}
