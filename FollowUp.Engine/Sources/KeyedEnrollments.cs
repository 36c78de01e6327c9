using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources;

/// <summary>The SourceEnrollments table: the enrollment a source made for a key (a Shopify checkout token) in a sequence.</summary>
/// <remarks>Each row is referenced under its enrollment's contact in <see cref="ContactReferences"/> before it is written, for erasure.</remarks>
public sealed class KeyedEnrollments(FollowUpStorage storage, ContactReferences references)
{
    private readonly TableClient table = storage.Table(StorageNames.SourceEnrollmentsTable);

    /// <summary>The enrollment made for this key, or null.</summary>
    public async Task<string?> FindAsync(string sourceId, string sequenceId, string key, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<KeyedEnrollmentRow>(sourceId, KeyedEnrollmentRow.RowKeyOf(sequenceId, key), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.EnrollmentId : null;
    }

    /// <summary>Remembers the enrollment made for this key.</summary>
    public async Task RecordAsync(string sourceId, string sequenceId, string key, string enrollmentId, CancellationToken cancellationToken)
    {
        var row = new KeyedEnrollmentRow { PartitionKey = sourceId, RowKey = KeyedEnrollmentRow.RowKeyOf(sequenceId, key), EnrollmentId = enrollmentId };
        if (EnrollmentId.TryGetContactId(enrollmentId, out var contactId))
        {
            await references.AddAsync(contactId, new ContactReference(StorageNames.SourceEnrollmentsTable, row.PartitionKey, row.RowKey), cancellationToken);
        }

        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }
}
