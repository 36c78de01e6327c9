using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace FollowUp.Benchmarks.Hostile;

/// <summary>Every row of every table (by key and ETag) and the length of every queue, to show what a run changed.</summary>
internal sealed class StorageSnapshot
{
    private readonly Dictionary<string, Dictionary<(string PartitionKey, string RowKey), string>> tables;
    private readonly Dictionary<string, int> queues;

    private StorageSnapshot(Dictionary<string, Dictionary<(string, string), string>> tables, Dictionary<string, int> queues)
    {
        this.tables = tables;
        this.queues = queues;
    }

    /// <summary>Rows in all tables.</summary>
    public int Rows => tables.Values.Sum(rows => rows.Count);

    /// <summary>Tables in the account.</summary>
    public int Tables => tables.Count;

    /// <summary>Messages in all queues.</summary>
    public int Messages => queues.Values.Sum();

    /// <summary>Queues in the account.</summary>
    public int Queues => queues.Count;

    /// <summary>Reads every table (listed by the account, not by the engine's names) and every queue's approximate length.</summary>
    public static async Task<StorageSnapshot> TakeAsync(string connectionString, CancellationToken cancellationToken)
    {
        var tableService = new TableServiceClient(connectionString);
        var tables = new Dictionary<string, Dictionary<(string, string), string>>(StringComparer.Ordinal);
        await foreach (var table in tableService.QueryAsync(cancellationToken: cancellationToken))
        {
            var rows = new Dictionary<(string, string), string>();
            await foreach (var row in tableService.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                rows[(row.PartitionKey, row.RowKey)] = row.ETag.ToString();
            }

            tables[table.Name] = rows;
        }

        var queueService = new QueueServiceClient(connectionString);
        var queues = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var queue in queueService.GetQueuesAsync(cancellationToken: cancellationToken))
        {
            var properties = await queueService.GetQueueClient(queue.Name).GetPropertiesAsync(cancellationToken);
            queues[queue.Name] = properties.Value.ApproximateMessagesCount;
        }

        return new StorageSnapshot(tables, queues);
    }

    /// <summary>What differs in <paramref name="after"/>: one line per table with rows added, removed or rewritten, and per queue whose length changed.</summary>
    public IReadOnlyList<string> Differences(StorageSnapshot after)
    {
        var differences = new List<string>();
        foreach (var name in tables.Keys.Union(after.tables.Keys).Order(StringComparer.Ordinal))
        {
            var before = tables.GetValueOrDefault(name) ?? [];
            var now = after.tables.GetValueOrDefault(name) ?? [];
            var added = now.Keys.Count(key => !before.ContainsKey(key));
            var removed = before.Keys.Count(key => !now.ContainsKey(key));
            var rewritten = now.Count(row => before.TryGetValue(row.Key, out var etag) && etag != row.Value);
            if (!tables.ContainsKey(name) || !after.tables.ContainsKey(name) || added + removed + rewritten > 0)
            {
                differences.Add($"table {name}: {added} rows added, {removed} removed, {rewritten} rewritten{(tables.ContainsKey(name) ? "" : " (a new table)")}{(after.tables.ContainsKey(name) ? "" : " (the table is gone)")}");
            }
        }

        foreach (var name in queues.Keys.Union(after.queues.Keys).Order(StringComparer.Ordinal))
        {
            var before = queues.GetValueOrDefault(name);
            var now = after.queues.GetValueOrDefault(name);
            if (before != now || !queues.ContainsKey(name) || !after.queues.ContainsKey(name))
            {
                differences.Add($"queue {name}: {before} messages before, {now} after");
            }
        }

        return differences;
    }
}
