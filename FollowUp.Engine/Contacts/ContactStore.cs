using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Contacts;

/// <summary>Stores contacts, each in its partition of the Enrollments table (<see cref="ContactRow"/>), and finds them by email or phone through the ContactIndex table.</summary>
/// <remarks>
/// An index row is keyed <c>email:&lt;sha256&gt;</c> or <c>phone:&lt;sha256&gt;</c> of the normalised value, with an empty row
/// key: a lookup is a point read, two requests that create the same contact at once collide on the insert instead of making
/// two contacts, and no address or number appears in a key, where request logs and diagnostics would show it.
/// A contact stored before its row moved beside its enrollments stays in the Contacts table, where it is read, updated and
/// erased; it costs one read more.
/// </remarks>
public sealed class ContactStore(FollowUpStorage storage)
{
    private readonly TableClient contacts = storage.Table(StorageNames.EnrollmentsTable);
    private readonly TableClient legacy = storage.Table(StorageNames.ContactsTable);
    private readonly TableClient index = storage.Table(StorageNames.ContactIndexTable);

    /// <summary>Reads a contact by id; a contact being erased reads as none.</summary>
    public async Task<Contact?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await ReadAsync(id, cancellationToken))?.ToContact();

    /// <summary>The contact of a row its partition's query read (<see cref="Enrollments.EnrollmentStore.GetForSendAsync"/>), or, when it read none, of the Contacts table's row it may have from before; none while being erased.</summary>
    public async Task<Contact?> ResolveAsync(string id, ContactRow? row, CancellationToken cancellationToken) =>
        (row ?? await ReadLegacyAsync(id, cancellationToken))?.ToContact();

    /// <summary>
    /// Replaces the contact's row by a marker that keeps only the <see cref="AddressKey"/>s of its addresses, so every
    /// reader from now on finds no contact, and an erasure cut short can be finished; returns those keys.
    /// </summary>
    /// <remarks>The marker always goes in the contact's Enrollments partition, where readers look first; a row from before
    /// stays in the Contacts table until <see cref="RemoveAsync"/>.</remarks>
    public async Task<IReadOnlyList<string>> MarkErasedAsync(string id, IEnumerable<string> requestedKeys, CancellationToken cancellationToken)
    {
        var keys = new SortedSet<string>(requestedKeys, StringComparer.Ordinal);
        if (await ReadAsync(id, cancellationToken) is { } row)
        {
            keys.UnionWith(row.AddressKeys());
            if (!row.Legacy && await ReadLegacyAsync(id, cancellationToken) is { } before)
            {
                keys.UnionWith(before.AddressKeys());
            }
        }

        await contacts.UpsertEntityAsync(ContactRow.Marker(id, keys).ToEntity(), TableUpdateMode.Replace, cancellationToken);
        return [.. keys];
    }

    /// <summary>Removes the index rows with these keys, then a row from before in the Contacts table, then the contact's row (the marker last, so an erasure cut short can be finished); returns how many index rows there were, and 1 when the contact had a row.</summary>
    public async Task<(int IndexRows, int ContactRows)> RemoveAsync(string id, IEnumerable<string> addressKeys, CancellationToken cancellationToken)
    {
        var indexRows = await RowDeleter.DeleteAsync(index, [.. addressKeys.Select(key => new TableEntity(key, ""))], cancellationToken);
        var before = await RowDeleter.DeleteAsync(legacy, [new TableEntity(id, "")], cancellationToken);
        var row = await RowDeleter.DeleteAsync(contacts, [new TableEntity(id, ContactRow.Key)], cancellationToken);
        return (indexRows, Math.Min(1, before + row));
    }

    /// <summary>Finds the id of the contact with this address or number.</summary>
    public async Task<string?> FindIdAsync(string? email, string? phone, CancellationToken cancellationToken)
    {
        foreach (var key in IndexKeys(email, phone))
        {
            var row = await index.GetEntityIfExistsAsync<ContactIndexRow>(key, "", cancellationToken: cancellationToken);
            if (row.HasValue)
            {
                return row.Value!.ContactId;
            }
        }

        return null;
    }

    /// <summary>Finds the contact with the request's email or phone, or creates it from the request; null while that contact is being erased.</summary>
    /// <remarks>An existing contact is returned unchanged; <see cref="MergeAsync"/> applies the request once the enrollment is stored.</remarks>
    public async Task<Contact?> FindOrCreateAsync(ContactRequest request, CancellationToken cancellationToken)
    {
        var existingId = await FindIdAsync(request.Email, request.Phone, cancellationToken);
        if (existingId is not null && await ReadAsync(existingId, cancellationToken) is { } existing)
        {
            return existing.ToContact();
        }

        var contact = new Contact(RandomIds.Create(12), request.Email, request.Phone, request.FirstName, request.LastName, request.TimeZone);
        await contacts.AddEntityAsync(ContactRow.From(contact).ToEntity(), cancellationToken);
        var winner = await IndexAsync(contact, cancellationToken);
        if (winner == contact.Id)
        {
            return contact;
        }

        await contacts.DeleteEntityAsync(contact.Id, ContactRow.Key, ETag.All, cancellationToken);
        var won = await ReadAsync(winner, cancellationToken) ?? throw new InvalidOperationException($"Contact {winner} is indexed but missing.");
        return won.ToContact();
    }

    /// <summary>Reads the contact's row, or its erasure marker: in its Enrollments partition, or else in the Contacts table from before.</summary>
    private async Task<ContactRow?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await contacts.GetEntityIfExistsAsync<TableEntity>(id, ContactRow.Key, cancellationToken: cancellationToken);
        return entity.HasValue ? ContactRow.From(entity.Value!) : await ReadLegacyAsync(id, cancellationToken);
    }

    /// <summary>Reads the contact's row in the Contacts table, where contacts stored before their row moved beside their enrollments stay.</summary>
    private async Task<ContactRow?> ReadLegacyAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await legacy.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return entity.HasValue ? ContactRow.From(entity.Value!) : null;
    }

    /// <summary>Updates the contact with the fields the request gives (names, time zone, a missing email or phone).</summary>
    /// <remarks>The row is replaced only under the ETag read just before, so a contact an erasure marked meanwhile is never written back.</remarks>
    public async Task<Contact> MergeAsync(Contact contact, ContactRequest request, CancellationToken cancellationToken)
    {
        var merged = contact with
        {
            Email = contact.Email ?? request.Email,
            Phone = contact.Phone ?? request.Phone,
            FirstName = request.FirstName ?? contact.FirstName,
            LastName = request.LastName ?? contact.LastName,
            TimeZone = request.TimeZone ?? contact.TimeZone,
        };
        if (merged == contact || await ReadAsync(contact.Id, cancellationToken) is not { Erased: false } stored)
        {
            return merged;
        }

        try
        {
            await (stored.Legacy ? legacy : contacts).UpdateEntityAsync(
                (ContactRow.From(merged) with { Legacy = stored.Legacy }).ToEntity(), stored.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            // Marked for erasure (or changed) since it was read: leave it as it is.
            return merged;
        }

        if (merged.Email != contact.Email || merged.Phone != contact.Phone)
        {
            await IndexAsync(merged, cancellationToken);
        }

        return merged;
    }

    /// <summary>Adds the index rows of the contact; returns the id that owns its first key, which differs when another request won.</summary>
    private async Task<string> IndexAsync(Contact contact, CancellationToken cancellationToken)
    {
        string? owner = null;
        foreach (var key in IndexKeys(contact.Email, contact.Phone))
        {
            try
            {
                await index.AddEntityAsync(ContactIndexRow.For(key, contact.Id), cancellationToken);
                owner ??= contact.Id;
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
                var row = await index.GetEntityAsync<ContactIndexRow>(key, "", cancellationToken: cancellationToken);
                owner ??= row.Value.ContactId;
            }
        }

        return owner ?? contact.Id;
    }

    /// <summary>The <see cref="AddressKey"/>s of a normalised email address and phone number, either of which may be missing.</summary>
    public static IEnumerable<string> IndexKeys(string? email, string? phone)
    {
        if (email is not null)
        {
            yield return AddressKey.Email(email);
        }

        if (phone is not null)
        {
            yield return AddressKey.Phone(phone);
        }
    }
}
