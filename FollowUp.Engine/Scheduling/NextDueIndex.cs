using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>Reads and writes the NextDue table: every scheduled step until its outcome is recorded, by due minute.</summary>
public sealed class NextDueIndex(FollowUpStorage storage)
{
    private static readonly string[] Columns = ["EnrollmentId", "StepId", "SequenceVersion", "DueUtc", "SweptUtc", "Reschedules"];
    private readonly TableClient table = storage.Table(StorageNames.NextDueTable);

    /// <summary>Writes the row; writing it again changes nothing.</summary>
    public async Task AddAsync(NextDueEntry entry, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(entry.PartitionKey, entry.RowKey)
            {
                ["EnrollmentId"] = entry.EnrollmentId,
                ["StepId"] = entry.StepId,
                ["SequenceVersion"] = entry.SequenceVersion,
                ["DueUtc"] = entry.DueUtc,
                ["SweptUtc"] = entry.SweptUtc,
                ["Reschedules"] = entry.Reschedules,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Removes the row if it is there.</summary>
    public async Task RemoveAsync(NextDueEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already removed by the sweep or by an earlier delivery of the same outcome.
        }
    }

    /// <summary>Reads the rows in buckets before the minute of <paramref name="before"/>, oldest bucket first, a page at a time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<NextDueEntry>> ReadBeforeAsync(DateTimeOffset before, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {NextDueEntry.UpperBound(before)}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: Columns, cancellationToken: cancellationToken).AsPages())
        {
            yield return [.. page.Values.Select(Read)];
        }
    }

    /// <summary>The row in the oldest bucket before the minute of <paramref name="before"/>, or null when there is none.</summary>
    public async Task<NextDueEntry?> OldestBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {NextDueEntry.UpperBound(before)}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: Columns, cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0)
            {
                return Read(page.Values[0]);
            }
        }

        return null;
    }

    private static NextDueEntry Read(TableEntity row) => new(
        row.GetString("EnrollmentId"),
        row.GetString("StepId"),
        row.GetInt32("SequenceVersion") ?? 0,
        row.GetDateTimeOffset("DueUtc") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("SweptUtc"),
        row.GetInt32("Reschedules") ?? 0);
}
