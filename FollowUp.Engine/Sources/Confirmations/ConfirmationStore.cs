using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources.Confirmations;

/// <summary>The FormConfirmations table: one row per pending or confirmed form submission, keyed by its random id.</summary>
/// <remarks>
/// The contact and data are stored as the form gave them, as JSON (the data in chunks, since a form may send up to 256 KiB).
/// Each row is referenced under the <see cref="AddressKey"/> of each of its addresses in <see cref="ContactReferences"/>
/// before it is written, so erasing an address finds its confirmations without reading the table.
/// </remarks>
public sealed class ConfirmationStore(FollowUpStorage storage, ContactReferences references)
{
    private readonly TableClient table = storage.Table(StorageNames.FormConfirmationsTable);

    /// <summary>Stores a new pending confirmation.</summary>
    public async Task AddAsync(PendingConfirmation confirmation, CancellationToken cancellationToken)
    {
        var entity = ConfirmationRow.From(confirmation).ToEntity();
        foreach (var owner in Owners(confirmation.Contact))
        {
            await references.AddAsync(owner, Target(confirmation.Id), cancellationToken);
        }

        await table.AddEntityAsync(entity, cancellationToken);
    }

    /// <summary>Reads a confirmation, or null.</summary>
    public async Task<PendingConfirmation?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return entity.HasValue ? ConfirmationRow.From(entity.Value!).ToConfirmation() : null;
    }

    /// <summary>Records that the confirmation was acted on.</summary>
    public async Task MarkConfirmedAsync(string id, DateTimeOffset confirmedUtc, CancellationToken cancellationToken) =>
        await table.UpdateEntityAsync(ConfirmationRow.ConfirmedEntity(id, confirmedUtc), ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Removes a confirmation whose message could not be sent, and then its references.</summary>
    public async Task RemoveAsync(string id)
    {
        var confirmation = await GetAsync(id, CancellationToken.None);
        await table.DeleteEntityAsync(id, "", ETag.All, CancellationToken.None);
        if (confirmation is not null)
        {
            await references.RemoveAsync(Owners(confirmation.Contact).Select(owner => (owner, Target(id))), CancellationToken.None);
        }
    }

    /// <summary>The <see cref="AddressKey"/>s of the contact's addresses, under which its confirmations are referenced.</summary>
    public static IEnumerable<string> Owners(ContactRequest contact)
    {
        if (contact.Email is not null && ContactValidator.NormaliseEmail(contact.Email) is { } email)
        {
            yield return AddressKey.Email(email);
        }

        if (contact.Phone is not null && ContactValidator.NormalisePhone(contact.Phone) is { } phone)
        {
            yield return AddressKey.Phone(phone);
        }
    }

    private static ContactReference Target(string id) => new(StorageNames.FormConfirmationsTable, id, "");
}
