using Azure;
using Azure.Data.Tables;

namespace FollowUp.Engine.Storage;

/// <summary>Deletes table rows in batch transactions of up to 100 rows of one partition.</summary>
/// <remarks>
/// A batch is all or nothing, and fails when one of its rows is already gone (another worker, an earlier run that
/// crashed), so a failed batch is retried one row at a time, where a missing row counts as done.
/// </remarks>
public static class RowDeleter
{
    private const int MaxBatch = 100;

    /// <summary>Deletes the rows, whatever their ETag; returns how many were there to delete.</summary>
    public static async Task<int> DeleteAsync(TableClient table, IEnumerable<ITableEntity> rows, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.DistinctBy(r => r.RowKey, StringComparer.Ordinal).Chunk(MaxBatch))
            {
                try
                {
                    await table.SubmitTransactionAsync(
                        chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), ETag.All)),
                        cancellationToken);
                    deleted += chunk.Length;
                }
                catch (TableTransactionFailedException)
                {
                    foreach (var row in chunk)
                    {
                        try
                        {
                            var response = await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                            deleted += response.Status == 404 ? 0 : 1;
                        }
                        catch (RequestFailedException exception) when (exception.Status == 404)
                        {
                            // Already gone.
                        }
                    }
                }
            }
        }

        return deleted;
    }

    /// <summary>Reads the keys of the rows that match the filter (and the listed columns), every page.</summary>
    public static async Task<List<TableEntity>> QueryAsync(TableClient table, string filter, CancellationToken cancellationToken, params string[] columns)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey", .. columns], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
