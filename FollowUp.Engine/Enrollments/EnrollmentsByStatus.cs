using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Enrollments;

/// <summary>The EnrollmentsByStatus table: every enrollment of a sequence under its status, newest first, for listing.</summary>
/// <remarks>
/// Partition: the sequence id. Row key: <c>&lt;status&gt;_&lt;max ticks − enrolled ticks, 19 digits&gt;_&lt;enrollment id&gt;</c>,
/// so the enrollments of one status are one key range, newest first, and a page is one range query of that many rows.
/// The active row is written before the enrollment is stored; when the enrollment ends, its ended row is written and then
/// the active row removed. A crash in between leaves a row whose status the enrollment no longer has, and one before the
/// enrollment was stored leaves a row for an enrollment that does not exist: a listing reads each enrollment anyway,
/// moves the first kind and skips the second.
/// </remarks>
public sealed class EnrollmentsByStatus(FollowUpStorage storage)
{
    private const char Separator = '_';
    private static readonly EnrollmentStatus[] Statuses = Enum.GetValues<EnrollmentStatus>();
    private readonly TableClient table = storage.Table(StorageNames.EnrollmentsByStatusTable);

    /// <summary>Records the enrollment under its status; writing it again changes nothing.</summary>
    public async Task AddAsync(Enrollment enrollment, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(enrollment.SequenceId, RowKey(enrollment.Status, enrollment.EnrolledUtc, enrollment.Id)), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Records an ended enrollment under the status it ended with and removes its active row, in one transaction.</summary>
    /// <remarks>An enrollment only ever ends once (completed or halted), so the active row is the only other one it can have.
    /// When that row is gone already (a repeat), the ended row is written alone.</remarks>
    public async Task MoveAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        if (enrollment.Status == EnrollmentStatus.Active)
        {
            await AddAsync(enrollment, cancellationToken);
            return;
        }

        try
        {
            await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(enrollment.SequenceId, RowKey(enrollment.Status, enrollment.EnrolledUtc, enrollment.Id))),
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(enrollment.SequenceId, RowKey(EnrollmentStatus.Active, enrollment.EnrolledUtc, enrollment.Id)), ETag.All),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 404)
        {
            await AddAsync(enrollment, cancellationToken);
        }
    }

    /// <summary>The ids of the sequence's enrollments listed as active, whatever their number.</summary>
    public async Task<List<string>> ListActiveAsync(string sequenceId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sequenceId} and RowKey ge {Prefix(EnrollmentStatus.Active)} and RowKey lt {Prefix(EnrollmentStatus.Active)[..^1] + (char)(Separator + 1)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: [nameof(TableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            if (TryParse(row.RowKey, out _, out var enrollmentId))
            {
                ids.Add(enrollmentId);
            }
        }

        return ids;
    }

    /// <summary>Removes the enrollment's row under <paramref name="status"/> if it is there.</summary>
    public Task RemoveAsync(Enrollment enrollment, EnrollmentStatus status, CancellationToken cancellationToken) =>
        RemoveAsync(enrollment.SequenceId, RowKey(status, enrollment.EnrolledUtc, enrollment.Id), cancellationToken);

    /// <summary>The keys of every row the enrollment may have, one per status, for erasure.</summary>
    public static IEnumerable<TableEntity> Keys(string sequenceId, string enrollmentId, DateTimeOffset enrolledUtc) =>
        Statuses.Select(status => new TableEntity(sequenceId, RowKey(status, enrolledUtc, enrollmentId)));

    /// <summary>Reads up to <paramref name="limit"/> rows of the sequence after <paramref name="after"/>, of one status or of all.</summary>
    /// <param name="sequenceId">The sequence.</param>
    /// <param name="status">The status, or null for every status (active, then completed, then halted).</param>
    /// <param name="after">The row key of the last row of the previous page, or null for the first page.</param>
    /// <param name="limit">How many rows at most.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The rows in key order (the status, the enrollment id and the row key of each), and whether more follow.</returns>
    public async Task<(List<(EnrollmentStatus Status, string EnrollmentId, string RowKey)> Rows, bool More)> PageAsync(
        string sequenceId, EnrollmentStatus? status, string? after, int limit, CancellationToken cancellationToken)
    {
        var lower = status is { } s ? Prefix(s) : "";
        var upper = status is { } u ? Prefix(u)[..^1] + (char)(Separator + 1) : "~";
        var from = after is not null && string.CompareOrdinal(after, lower) > 0 ? after : lower;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sequenceId} and RowKey gt {from} and RowKey lt {upper}");
        var rows = new List<(EnrollmentStatus, string, string)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: limit + 1, select: [nameof(TableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            if (rows.Count == limit)
            {
                return (rows, true);
            }

            if (TryParse(row.RowKey, out var rowStatus, out var enrollmentId))
            {
                rows.Add((rowStatus, enrollmentId, row.RowKey));
            }
        }

        return (rows, false);
    }

    /// <summary>Whether <paramref name="rowKey"/> has the shape of a row key of this table.</summary>
    public static bool IsRowKey(string rowKey) => TryParse(rowKey, out _, out _);

    private static bool TryParse(string rowKey, out EnrollmentStatus status, out string enrollmentId)
    {
        status = default;
        enrollmentId = "";
        var parts = rowKey.Split(Separator, 3);
        if (parts.Length != 3 || parts[1].Length != 19 || !parts[1].All(char.IsAsciiDigit) || parts[2].Length == 0)
        {
            return false;
        }

        foreach (var candidate in Statuses.Where(candidate => Name(candidate) == parts[0]))
        {
            status = candidate;
            enrollmentId = parts[2];
            return true;
        }

        return false;
    }

    private async Task RemoveAsync(string sequenceId, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(sequenceId, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Never written, or already removed.
        }
    }

    private static string Prefix(EnrollmentStatus status) => Name(status) + Separator;

    private static string Name(EnrollmentStatus status) => status.ToString().ToLowerInvariant();

    private static string RowKey(EnrollmentStatus status, DateTimeOffset enrolledUtc, string enrollmentId) =>
        Prefix(status) + (DateTimeOffset.MaxValue.UtcTicks - enrolledUtc.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + Separator + enrollmentId;
}
