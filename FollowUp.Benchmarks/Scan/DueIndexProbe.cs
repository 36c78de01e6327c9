using System.Diagnostics;
using Azure.Data.Tables;
using FollowUp.Engine.Scheduling;

namespace FollowUp.Benchmarks.Scan;

/// <summary>Counts DueIndex rows by due time, independently of the scanner, to check what a scan left behind.</summary>
internal sealed class DueIndexProbe(TableClient table)
{
    private static readonly string[] KeyOnly = ["PartitionKey"];

    /// <summary>Counts the rows due before <paramref name="instant"/>, shard by shard.</summary>
    public Task<long> CountDueBeforeAsync(DateTimeOffset instant, CancellationToken cancellationToken) =>
        CountAsync(shard => TableClient.CreateQueryFilter($"PartitionKey eq {shard} and RowKey lt {DueEntry.UpperBound(instant)}"), cancellationToken);

    /// <summary>Counts the rows due at or after <paramref name="instant"/>, shard by shard.</summary>
    public Task<long> CountDueFromAsync(DateTimeOffset instant, CancellationToken cancellationToken) =>
        CountAsync(shard => TableClient.CreateQueryFilter($"PartitionKey eq {shard} and RowKey ge {DueEntry.UpperBound(instant)}"), cancellationToken);

    /// <summary>Times a query of one shard whose key range holds no row, in milliseconds.</summary>
    /// <remarks>
    /// Table Storage answers a key-range query from its index, so this stays flat as the table grows; an emulator that
    /// filters every row grows with the table, and the scan, which runs one such query per shard, grows with it.
    /// </remarks>
    public async Task<double> TimeEmptyRangeQueryAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DueEntry.ShardKey(0)} and RowKey lt {DueEntry.UpperBound(DateTimeOffset.MinValue)}");
        var started = Stopwatch.GetTimestamp();
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: KeyOnly, cancellationToken: cancellationToken))
        {
            throw new InvalidOperationException("The empty key range holds a row.");
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private async Task<long> CountAsync(Func<string, string> filter, CancellationToken cancellationToken)
    {
        long count = 0;
        for (var shard = 0; shard < DueEntry.ShardCount; shard++)
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter(DueEntry.ShardKey(shard)), maxPerPage: 1000, select: KeyOnly, cancellationToken: cancellationToken).AsPages())
            {
                count += page.Values.Count;
            }
        }

        return count;
    }
}
