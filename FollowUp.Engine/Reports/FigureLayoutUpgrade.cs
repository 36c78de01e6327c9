using Azure.Data.Tables;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Reports;

/// <summary>Moves report counts kept in the earlier layout of the Figures table (a partition per sequence and shard) into the shared shard partitions of <see cref="FigureStore"/>, once, when the host starts.</summary>
/// <remarks>
/// It runs after <see cref="StorageInitializer"/> and before the hosted services that send or count, so nothing counts while it
/// works. A marker row says it is done: a host that finds it reads one row and does nothing more. Otherwise it reads every row
/// of the table (none on a new install), writes the moved rows with replace (the sequence id moves from the partition into the
/// row key, and the hourly activity rows of the sequences of a shard are summed), writes the marker, and only then deletes the
/// old rows and marks the marker cleaned. A crash before the marker repeats the whole move from the old rows, which are still
/// all there; a crash after it repeats only the deletion.
/// </remarks>
public sealed class FigureLayoutUpgrade(FollowUpStorage storage, ILogger<FigureLayoutUpgrade> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var table = storage.Table(StorageNames.FiguresTable);
        var marker = await table.GetEntityIfExistsAsync<FigureLayoutMarkerRow>(FigureLayoutMarkerRow.Partition, FigureLayoutMarkerRow.Row, cancellationToken: cancellationToken);
        if (marker.HasValue && marker.Value!.Cleaned)
        {
            return;
        }

        var old = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (row.PartitionKey.Contains('|', StringComparison.Ordinal))
            {
                old.Add(row);
            }
        }

        if (!marker.HasValue)
        {
            foreach (var partition in Move(old).GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
            {
                foreach (var chunk in partition.Chunk(100))
                {
                    await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken);
                }
            }

            await table.UpsertEntityAsync(new FigureLayoutMarkerRow { Cleaned = false }, TableUpdateMode.Replace, cancellationToken);
        }

        await RowDeleter.DeleteAsync(table, old, cancellationToken);
        await table.UpsertEntityAsync(new FigureLayoutMarkerRow { Cleaned = true }, TableUpdateMode.Replace, cancellationToken);
        if (old.Count > 0)
        {
            logger.LogInformation("Moved {Rows} report figure rows into the shared shard partitions", old.Count);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The rows of the current layout that hold what <paramref name="old"/> holds.</summary>
    internal static IEnumerable<TableEntity> Move(IEnumerable<TableEntity> old)
    {
        var activity = new Dictionary<(string Partition, string Row), TableEntity>();
        foreach (var row in old)
        {
            var split = row.PartitionKey.LastIndexOf('|');
            var (sequenceId, partition) = (row.PartitionKey[..split], row.PartitionKey[(split + 1)..]);
            var rowKey = row.RowKey[..2] is "t|" or "h|" ? $"{row.RowKey[..2]}{sequenceId}|{row.RowKey[2..]}" : row.RowKey;
            var moved = new TableEntity(partition, rowKey);
            if (row.RowKey.StartsWith("a|", StringComparison.Ordinal))
            {
                moved = activity.TryGetValue((partition, rowKey), out var sum) ? sum : activity[(partition, rowKey)] = moved;
            }

            foreach (var (column, value) in row)
            {
                if (column is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
                {
                    continue;
                }

                moved[column] = value is long number && moved.GetInt64(column) is { } earlier ? earlier + number : value;
            }

            if (!row.RowKey.StartsWith("a|", StringComparison.Ordinal))
            {
                yield return moved;
            }
        }

        foreach (var sum in activity.Values)
        {
            yield return sum;
        }
    }
}
