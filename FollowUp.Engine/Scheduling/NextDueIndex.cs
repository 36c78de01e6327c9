using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>Reads and writes the NextDue table: every scheduled step until its outcome is recorded, by due minute.</summary>
public sealed class NextDueIndex(FollowUpStorage storage)
{
    private static readonly string[] Columns =
        [nameof(NextDueRow.EnrollmentId), nameof(NextDueRow.StepId), nameof(NextDueRow.SequenceVersion), nameof(NextDueRow.DueUtc), nameof(NextDueRow.SweptUtc), nameof(NextDueRow.Reschedules)];
    private readonly TableClient table = storage.Table(StorageNames.NextDueTable);

    /// <summary>Writes the row; writing it again changes nothing.</summary>
    public async Task AddAsync(NextDueEntry entry, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(NextDueRow.From(entry), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Writes the row unless the step has one already, which keeps its sweep count; false when it had.</summary>
    public async Task<bool> AddIfAbsentAsync(NextDueEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(NextDueRow.From(entry), cancellationToken);
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
        var row = await table.GetEntityIfExistsAsync<NextDueMarkerRow>(NextDueMarkerRow.Partition, "", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToMarker() : null;
    }

    /// <summary>Records where the backfill stands.</summary>
    public async Task SetBackfillMarkerAsync(NextDueBackfillMarker marker, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(NextDueMarkerRow.From(marker), TableUpdateMode.Replace, cancellationToken);

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
        await foreach (var page in table.QueryAsync<NextDueRow>(filter, maxPerPage: 1000, select: Columns, cancellationToken: cancellationToken).AsPages())
        {
            yield return [.. page.Values.Select(row => row.ToNextDueEntry())];
        }
    }

    /// <summary>The row in the oldest bucket before the minute of <paramref name="before"/>, or null when there is none.</summary>
    public async Task<NextDueEntry?> OldestBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {NextDueEntry.UpperBound(before)}");
        await foreach (var page in table.QueryAsync<NextDueRow>(filter, maxPerPage: 1, select: Columns, cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0)
            {
                return page.Values[0].ToNextDueEntry();
            }
        }

        return null;
    }

    /// <summary>The first <paramref name="limit"/> rows due in or after the minute of <paramref name="from"/>, soonest first (within a minute, by shard).</summary>
    public async Task<List<NextDueEntry>> NextAsync(DateTimeOffset from, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {NextDueEntry.UpperBound(from)} and PartitionKey lt {NextDueMarkerRow.Partition}");
        var next = new List<NextDueEntry>();
        await foreach (var page in table.QueryAsync<NextDueRow>(filter, maxPerPage: limit, select: Columns, cancellationToken: cancellationToken).AsPages())
        {
            next.AddRange(page.Values.Select(row => row.ToNextDueEntry()).Take(limit - next.Count));
            if (next.Count == limit)
            {
                break;
            }
        }

        return next;
    }
}
