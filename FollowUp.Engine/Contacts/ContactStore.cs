using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Contacts;

/// <summary>Stores contacts and finds them by email or phone through the ContactIndex table.</summary>
/// <remarks>
/// An index row is keyed <c>email:&lt;sha256&gt;</c> or <c>phone:&lt;sha256&gt;</c> of the normalised value, with an empty row
/// key: a lookup is a point read, two requests that create the same contact at once collide on the insert instead of making
/// two contacts, and no address or number appears in a key, where request logs and diagnostics would show it.
/// </remarks>
public sealed class ContactStore(FollowUpStorage storage)
{
    private readonly TableClient contacts = storage.Table(StorageNames.ContactsTable);
    private readonly TableClient index = storage.Table(StorageNames.ContactIndexTable);
    private const string ErasedColumn = "Erased";
    private const string ErasedKeysColumn = "ErasedAddressKeys";

    /// <summary>Reads a contact by id; a contact being erased reads as none.</summary>
    public async Task<Contact?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await contacts.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return entity.HasValue && entity.Value!.GetBoolean(ErasedColumn) != true ? ToContact(entity.Value) : null;
    }

    /// <summary>
    /// Replaces the contact's row by a marker that keeps only the <see cref="AddressKey"/>s of its addresses, so every
    /// reader from now on finds no contact, and an erasure cut short can be finished; returns those keys.
    /// </summary>
    public async Task<IReadOnlyList<string>> MarkErasedAsync(string id, IEnumerable<string> requestedKeys, CancellationToken cancellationToken)
    {
        var entity = await contacts.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        var keys = new SortedSet<string>(requestedKeys, StringComparer.Ordinal);
        if (entity.HasValue)
        {
            var row = entity.Value!;
            keys.UnionWith(row.GetString(ErasedKeysColumn)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []);
            keys.UnionWith(IndexKeys(row.GetString("Email"), row.GetString("Phone")));
        }

        await contacts.UpsertEntityAsync(new TableEntity(id, "") { [ErasedColumn] = true, [ErasedKeysColumn] = string.Join(' ', keys) }, TableUpdateMode.Replace, cancellationToken);
        return [.. keys];
    }

    /// <summary>Removes the index rows with these keys and then the contact's row; returns how many of each were there.</summary>
    public async Task<(int IndexRows, int ContactRows)> RemoveAsync(string id, IEnumerable<string> addressKeys, CancellationToken cancellationToken)
    {
        var indexRows = await RowDeleter.DeleteAsync(index, [.. addressKeys.Select(key => new TableEntity(key, ""))], cancellationToken);
        var contactRows = await RowDeleter.DeleteAsync(contacts, [new TableEntity(id, "")], cancellationToken);
        return (indexRows, contactRows);
    }

    /// <summary>Finds the id of the contact with this address or number.</summary>
    public async Task<string?> FindIdAsync(string? email, string? phone, CancellationToken cancellationToken)
    {
        foreach (var key in IndexKeys(email, phone))
        {
            var row = await index.GetEntityIfExistsAsync<TableEntity>(key, "", cancellationToken: cancellationToken);
            if (row.HasValue)
            {
                return row.Value!.GetString("ContactId");
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
            return existing.GetBoolean(ErasedColumn) == true ? null : ToContact(existing);
        }

        var contact = new Contact(RandomIds.Create(12), request.Email, request.Phone, request.FirstName, request.LastName, request.TimeZone);
        await contacts.AddEntityAsync(ToEntity(contact), cancellationToken);
        var winner = await IndexAsync(contact, cancellationToken);
        if (winner == contact.Id)
        {
            return contact;
        }

        await contacts.DeleteEntityAsync(contact.Id, "", ETag.All, cancellationToken);
        var won = await ReadAsync(winner, cancellationToken) ?? throw new InvalidOperationException($"Contact {winner} is indexed but missing.");
        return won.GetBoolean(ErasedColumn) == true ? null : ToContact(won);
    }

    private async Task<TableEntity?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await contacts.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value : null;
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
        if (merged == contact || await ReadAsync(contact.Id, cancellationToken) is not { } stored || stored.GetBoolean(ErasedColumn) == true)
        {
            return merged;
        }

        try
        {
            await contacts.UpdateEntityAsync(ToEntity(merged), stored.ETag, TableUpdateMode.Replace, cancellationToken);
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
                await index.AddEntityAsync(new TableEntity(key, "") { ["ContactId"] = contact.Id }, cancellationToken);
                owner ??= contact.Id;
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
                var row = await index.GetEntityAsync<TableEntity>(key, "", cancellationToken: cancellationToken);
                owner ??= row.Value.GetString("ContactId");
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

    private static TableEntity ToEntity(Contact contact) => new(contact.Id, "")
    {
        ["Email"] = contact.Email,
        ["Phone"] = contact.Phone,
        ["FirstName"] = contact.FirstName,
        ["LastName"] = contact.LastName,
        ["TimeZone"] = contact.TimeZone,
    };

    private static Contact ToContact(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString("Email"),
        entity.GetString("Phone"),
        entity.GetString("FirstName"),
        entity.GetString("LastName"),
        entity.GetString("TimeZone"));
}
