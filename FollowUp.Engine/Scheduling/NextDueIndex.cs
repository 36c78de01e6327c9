using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>Reads and writes the NextDue table: every scheduled step until its outcome is recorded, by due minute.</summary>
public sealed class NextDueIndex(FollowUpStorage storage)
{
    private const string BackfillPartition = "backfill";
    private static readonly string[] Columns = ["EnrollmentId", "StepId", "SequenceVersion", "DueUtc", "SweptUtc", "Reschedules"];
    private readonly TableClient table = storage.Table(StorageNames.NextDueTable);

    /// <summary>Writes the row; writing it again changes nothing.</summary>
    public async Task AddAsync(NextDueEntry entry, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Writes the row unless the step has one already, which keeps its sweep count; false when it had.</summary>
    public async Task<bool> AddIfAbsentAsync(NextDueEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(ToEntity(entry), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Where the backfill from the due index stands, or null before it started. Its partition sorts after every due minute, so the sweep never reads it.</summary>
    public async Task<NextDueBackfillMarker?> GetBackfillMarkerAsync(CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(BackfillPartition, "", cancellationToken: cancellationToken);
        return row.HasValue ? new NextDueBackfillMarker(row.Value!.GetString("ContinuationToken"), row.Value!.GetBoolean("Done") ?? false, row.Value!.GetInt64("Added") ?? 0) : null;
    }

    /// <summary>Records where the backfill stands.</summary>
    public async Task SetBackfillMarkerAsync(NextDueBackfillMarker marker, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(BackfillPartition, "") { ["ContinuationToken"] = marker.ContinuationToken, ["Done"] = marker.Done, ["Added"] = marker.Added },
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

    /// <summary>The first <paramref name="limit"/> rows due in or after the minute of <paramref name="from"/>, soonest first (within a minute, by shard).</summary>
    public async Task<List<NextDueEntry>> NextAsync(DateTimeOffset from, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {NextDueEntry.UpperBound(from)} and PartitionKey lt {BackfillPartition}");
        var next = new List<NextDueEntry>();
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: limit, select: Columns, cancellationToken: cancellationToken).AsPages())
        {
            next.AddRange(page.Values.Select(Read).Take(limit - next.Count));
            if (next.Count == limit)
            {
                break;
            }
        }

        return next;
    }

    private static TableEntity ToEntity(NextDueEntry entry) => new(entry.PartitionKey, entry.RowKey)
    {
        ["EnrollmentId"] = entry.EnrollmentId,
        ["StepId"] = entry.StepId,
        ["SequenceVersion"] = entry.SequenceVersion,
        ["DueUtc"] = entry.DueUtc,
        ["SweptUtc"] = entry.SweptUtc,
        ["Reschedules"] = entry.Reschedules,
    };

    private static NextDueEntry Read(TableEntity row) => new(
        row.GetString("EnrollmentId"),
        row.GetString("StepId"),
        row.GetInt32("SequenceVersion") ?? 0,
        row.GetDateTimeOffset("DueUtc") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("SweptUtc"),
        row.GetInt32("Reschedules") ?? 0);
}
