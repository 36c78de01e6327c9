using Azure;
using Azure.Data.Tables;

namespace FollowUp.Engine.Contacts;

/// <summary>A contact's stored row, or its erasure marker: in the contact's partition of the Enrollments table, row key
/// <see cref="Key"/>, beside its enrollments; a contact stored before that layout keeps its row in the Contacts table,
/// keyed by its id and an empty row key.</summary>
public sealed record ContactRow
{
    /// <summary>The row key of a contact's row in its Enrollments partition: after its enrollments' ids (which never start
    /// with '~') and before the cap's rows, so the dispatcher's one query reads it with the enrollment.</summary>
    public const string Key = "~contact";

    /// <summary>The contact's id: the partition key in both layouts.</summary>
    public required string ContactId { get; init; }

    /// <summary>True for a row in the Contacts table of the earlier layout.</summary>
    public bool Legacy { get; init; }

    /// <summary>Lower-cased email address, or null.</summary>
    public string? Email { get; init; }

    /// <summary>E.164 phone number, or null.</summary>
    public string? Phone { get; init; }

    /// <summary>Given name.</summary>
    public string? FirstName { get; init; }

    /// <summary>Family name.</summary>
    public string? LastName { get; init; }

    /// <summary>IANA time zone id, or null.</summary>
    public string? TimeZone { get; init; }

    /// <summary>True once an erasure began: the row keeps only <see cref="ErasedAddressKeys"/>.</summary>
    public bool Erased { get; init; }

    /// <summary>The address keys an erasure under way still has to remove, space-separated.</summary>
    public string? ErasedAddressKeys { get; init; }

    /// <summary>The stored row's ETag.</summary>
    public ETag ETag { get; init; }

    /// <summary>The row of a contact, for its Enrollments partition.</summary>
    public static ContactRow From(Contact contact) => new()
    {
        ContactId = contact.Id,
        Email = contact.Email,
        Phone = contact.Phone,
        FirstName = contact.FirstName,
        LastName = contact.LastName,
        TimeZone = contact.TimeZone,
    };

    /// <summary>The erasure marker that replaces a contact's row, keeping only its address keys.</summary>
    public static ContactRow Marker(string contactId, IEnumerable<string> addressKeys) =>
        new() { ContactId = contactId, Erased = true, ErasedAddressKeys = string.Join(' ', addressKeys) };

    /// <summary>Reads a row of either layout.</summary>
    public static ContactRow From(TableEntity entity) => new()
    {
        ContactId = entity.PartitionKey,
        Legacy = entity.RowKey != Key,
        Email = entity.GetString(nameof(Email)),
        Phone = entity.GetString(nameof(Phone)),
        FirstName = entity.GetString(nameof(FirstName)),
        LastName = entity.GetString(nameof(LastName)),
        TimeZone = entity.GetString(nameof(TimeZone)),
        Erased = entity.GetBoolean(nameof(Erased)) == true,
        ErasedAddressKeys = entity.GetString(nameof(ErasedAddressKeys)),
        ETag = entity.ETag,
    };

    /// <summary>The row as stored, in the layout it came from (<see cref="Legacy"/>); an erasure marker holds only its two columns.</summary>
    public TableEntity ToEntity()
    {
        var entity = new TableEntity(ContactId, Legacy ? "" : Key);
        if (Erased)
        {
            entity[nameof(Erased)] = true;
            entity[nameof(ErasedAddressKeys)] = ErasedAddressKeys;
            return entity;
        }

        entity[nameof(Email)] = Email;
        entity[nameof(Phone)] = Phone;
        entity[nameof(FirstName)] = FirstName;
        entity[nameof(LastName)] = LastName;
        entity[nameof(TimeZone)] = TimeZone;
        return entity;
    }

    /// <summary>The contact, or null for an erasure marker.</summary>
    public Contact? ToContact() => Erased ? null : new Contact(ContactId, Email, Phone, FirstName, LastName, TimeZone);

    /// <summary>The address keys the row names: those an erasure kept, and those of its addresses.</summary>
    public IEnumerable<string> AddressKeys() =>
        (ErasedAddressKeys?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []).Concat(ContactStore.IndexKeys(Email, Phone));
}
