using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Enrollments;

/// <summary>The SequenceEnrollments table, which versions before <see cref="EnrollmentsByStatus"/> listed active enrollments in: read, never written.</summary>
/// <remarks>
/// Its rows (partition: the sequence; row: the enrollment) were written before their enrollment was stored and removed once it
/// ended. They are no longer written, since the active rows of <see cref="EnrollmentsByStatus"/> list the same enrollments; a
/// move to a new version reads both, so an enrollment made before is still found, and removes a row whose enrollment ended.
/// </remarks>
public sealed class SequenceEnrollments(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.SequenceEnrollmentsTable);

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
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: [nameof(TableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey);
        }

        return ids;
    }
}
