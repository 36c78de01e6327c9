using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace FollowUp.Engine.Storage;

/// <summary>Counts every HTTP request that the storage clients send, by service, table or queue, and operation.</summary>
/// <remarks>
/// Each request is one billed storage transaction: an entity-group transaction (<c>$batch</c>) counts once, and a retry
/// counts again. <see cref="FollowUpStorage"/> adds it to its clients when one is registered; the engine registers none,
/// since nothing in the product reads the counts: benchmarks and tests register one to measure what a workload costs.
/// </remarks>
public sealed class StorageRequestCounter
{
    private readonly ConcurrentDictionary<StorageRequestKind, Tally> tallies = new();

    /// <summary>Makes the table clients built with <paramref name="options"/> report to this counter.</summary>
    public void AddTo(TableClientOptions options) =>
        options.AddPolicy(new StorageRequestPolicy(this, StorageService.Table), HttpPipelinePosition.PerRetry);

    /// <summary>Makes the queue clients built with <paramref name="options"/> report to this counter.</summary>
    public void AddTo(QueueClientOptions options) =>
        options.AddPolicy(new StorageRequestPolicy(this, StorageService.Queue), HttpPipelinePosition.PerRetry);

    /// <summary>The counts so far; subtract an earlier snapshot with <see cref="StorageRequestSnapshot.Since"/>.</summary>
    public StorageRequestSnapshot Snapshot() =>
        new(tallies.ToDictionary(pair => pair.Key, pair => pair.Value.Read()));

    /// <summary>Counts one request of <paramref name="kind"/>.</summary>
    internal void Record(StorageRequestKind kind, bool failed) => tallies.GetOrAdd(kind, _ => new Tally()).Add(failed);

    /// <summary>The running counts of one kind.</summary>
    private sealed class Tally
    {
        private long requests;
        private long failed;

        public void Add(bool failure)
        {
            Interlocked.Increment(ref requests);
            if (failure)
            {
                Interlocked.Increment(ref failed);
            }
        }

        public StorageRequestCount Read() => new(Interlocked.Read(ref requests), Interlocked.Read(ref failed));
    }
}
