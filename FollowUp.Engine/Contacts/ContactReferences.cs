using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Contacts;

/// <summary>The ContactReferences table: per contact (or address), the rows of other tables that name it, so an erasure reads only its own.</summary>
/// <remarks>
/// The partition is the owner, a contact id or an <see cref="AddressKey"/>; the row key is the referenced row's table and
/// keys. A reference is written before the row it points to, so a crash in between leaves a reference to nothing (which
/// an erasure skips) and never a row that no erasure finds; it is removed after the row. Rows keyed by a random id or a
/// hash (Idempotency, SourceEnrollments, FormConfirmations) would otherwise be found only by reading their whole table.
/// </remarks>
public sealed class ContactReferences(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.ContactReferencesTable);

    /// <summary>Records that <paramref name="owner"/> is named by the row <paramref name="target"/>; repeating it changes nothing.</summary>
    public async Task AddAsync(string owner, ContactReference target, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(ContactReferenceRow.For(owner, target), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The rows that name <paramref name="owner"/>, one query of its partition.</summary>
    public async Task<List<ContactReference>> ListAsync(string owner, CancellationToken cancellationToken)
    {
        var references = new List<ContactReference>();
        var query = table.QueryAsync<ContactReferenceRow>(TableClient.CreateQueryFilter($"PartitionKey eq {owner}"), maxPerPage: 1000, cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            references.Add(row.ToReference());
        }

        return references;
    }

    /// <summary>Removes the references of these owners to these rows (after the rows are gone); returns how many there were.</summary>
    public async Task<int> RemoveAsync(IEnumerable<(string Owner, ContactReference Target)> references, CancellationToken cancellationToken) =>
        await RowDeleter.DeleteAsync(table, [.. references.Select(r => ContactReferenceRow.For(r.Owner, r.Target))], cancellationToken);
}
