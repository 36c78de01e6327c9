using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>Reads and writes the DueIndex table of steps waiting for their due time.</summary>
public sealed class DueIndex(FollowUpStorage storage)
{
    private static readonly string[] Columns = [nameof(DueRow.PartitionKey), nameof(DueRow.RowKey), nameof(DueRow.EnrollmentId), nameof(DueRow.StepId), nameof(DueRow.SequenceVersion), nameof(DueRow.DueUtc)];
    private const int MaxBatch = 100;
    private readonly TableClient table = storage.Table(StorageNames.DueIndexTable);

    /// <summary>Writes the entry; writing it again changes nothing.</summary>
    public async Task AddAsync(DueEntry entry, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(DueRow.From(entry), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Removes the entry if it is there.</summary>
    public async Task RemoveAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already removed by another scan or by the dispatcher.
        }
    }

    /// <summary>Whether the entry is still waiting in the index.</summary>
    public async Task<bool> ContainsAsync(DueEntry entry, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<DueRow>(entry.PartitionKey, entry.RowKey, [nameof(DueRow.PartitionKey)], cancellationToken)).HasValue;

    /// <summary>Removes entries of one shard in batch transactions of up to 100, falling back to one by one when a row is already gone.</summary>
    public async Task RemoveAsync(IReadOnlyList<DueEntry> shardEntries, CancellationToken cancellationToken)
    {
        foreach (var chunk in shardEntries.Chunk(MaxBatch))
        {
            try
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, DueRow.From(e), ETag.All)),
                    cancellationToken);
            }
            catch (TableTransactionFailedException)
            {
                // Another scan removed one of them first; the batch is all or nothing, so remove the rest one by one.
                foreach (var entry in chunk)
                {
                    await RemoveAsync(entry, cancellationToken);
                }
            }
        }
    }

    /// <summary>Reads one page of every shard's entries, from where <paramref name="continuationToken"/> (null: the start) left off; the token of the next page is null at the end.</summary>
    public async Task<(IReadOnlyList<DueEntry> Entries, string? ContinuationToken)> ReadPageAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        await foreach (var page in table.QueryAsync<DueRow>(filter: (string?)null, maxPerPage: pageSize, select: Columns, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return ([.. page.Values.Select(row => row.ToDueEntry())], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Reads the entries of one shard that are due before <paramref name="before"/>, oldest first, a page at a time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<DueEntry>> ReadDueAsync(int shard, DateTimeOffset before, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DueEntry.ShardKey(shard)} and RowKey lt {DueEntry.UpperBound(before)}");
        await foreach (var page in table.QueryAsync<DueRow>(filter, maxPerPage: 1000, select: Columns, cancellationToken: cancellationToken).AsPages())
        {
            yield return [.. page.Values.Select(row => row.ToDueEntry())];
        }
    }
}
