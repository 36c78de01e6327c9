using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Enrollments;

/// <summary>The SequenceEnrollments table: the enrollments of each sequence that are (or may be) active.</summary>
/// <remarks>
/// A row is written before its enrollment is stored and removed once the enrollment ends, so every active enrollment has
/// one, and finding a sequence's active enrollments reads one partition instead of the whole Enrollments table. A row
/// left by a crash or a refused enrollment points at an enrollment that is missing or ended; whoever finds it removes it.
/// </remarks>
public sealed class SequenceEnrollments(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.SequenceEnrollmentsTable);

    /// <summary>Records that <paramref name="enrollmentId"/> follows <paramref name="sequenceId"/>; writing it again changes nothing.</summary>
    public async Task AddAsync(string sequenceId, string enrollmentId, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(sequenceId, enrollmentId), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Removes the row if it is there.</summary>
    public async Task RemoveAsync(string sequenceId, string enrollmentId, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(sequenceId, enrollmentId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already removed.
        }
    }

    /// <summary>The ids of the enrollments recorded for the sequence, active or left behind.</summary>
    public async Task<List<string>> ListAsync(string sequenceId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sequenceId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey);
        }

        return ids;
    }
}
