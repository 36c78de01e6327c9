using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Contacts;

/// <summary>Stores contacts and finds them by email or phone through the ContactIndex table.</summary>
/// <remarks>
/// An index row is keyed <c>email:&lt;address&gt;</c> or <c>phone:&lt;e164&gt;</c> with an empty row key, so a lookup is a point
/// read and two requests that create the same contact at once collide on the insert instead of making two contacts.
/// </remarks>
public sealed class ContactStore(FollowUpStorage storage)
{
    private readonly TableClient contacts = storage.Table(StorageNames.ContactsTable);
    private readonly TableClient index = storage.Table(StorageNames.ContactIndexTable);

    /// <summary>Reads a contact by id.</summary>
    public async Task<Contact?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await contacts.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return entity.HasValue ? ToContact(entity.Value!) : null;
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

    /// <summary>Finds the contact with the request's email or phone and updates it with the fields given, or creates it.</summary>
    public async Task<Contact> ResolveAsync(ContactRequest request, CancellationToken cancellationToken)
    {
        var existingId = await FindIdAsync(request.Email, request.Phone, cancellationToken);
        if (existingId is not null && await GetAsync(existingId, cancellationToken) is { } existing)
        {
            var merged = existing with
            {
                Email = existing.Email ?? request.Email,
                Phone = existing.Phone ?? request.Phone,
                FirstName = request.FirstName ?? existing.FirstName,
                LastName = request.LastName ?? existing.LastName,
                TimeZone = request.TimeZone ?? existing.TimeZone,
            };
            if (merged != existing)
            {
                await contacts.UpsertEntityAsync(ToEntity(merged), TableUpdateMode.Replace, cancellationToken);
                await IndexAsync(merged, cancellationToken);
            }

            return merged;
        }

        var contact = new Contact(RandomIds.Create(12), request.Email, request.Phone, request.FirstName, request.LastName, request.TimeZone);
        await contacts.AddEntityAsync(ToEntity(contact), cancellationToken);
        var winner = await IndexAsync(contact, cancellationToken);
        if (winner == contact.Id)
        {
            return contact;
        }

        await contacts.DeleteEntityAsync(contact.Id, "", ETag.All, cancellationToken);
        return await GetAsync(winner, cancellationToken) ?? throw new InvalidOperationException($"Contact {winner} is indexed but missing.");
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

    private static IEnumerable<string> IndexKeys(string? email, string? phone)
    {
        if (email is not null)
        {
            yield return $"email:{email}";
        }

        if (phone is not null)
        {
            yield return $"phone:{phone}";
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
