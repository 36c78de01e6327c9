using Azure;
using Azure.Data.Tables;

namespace FollowUp.Engine.Contacts;

/// <summary>A row of the ContactIndex table: partition key an <see cref="AddressKey"/>, empty row key, naming the contact with that address.</summary>
public sealed class ContactIndexRow : ITableEntity
{
    /// <summary>The <see cref="AddressKey"/> of the address or number.</summary>
    public string PartitionKey { get; set; } = "";

    /// <summary>Always empty: one row per address.</summary>
    public string RowKey { get; set; } = "";

    /// <summary>Set by the service.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Set by the service.</summary>
    public ETag ETag { get; set; }

    /// <summary>The contact's id.</summary>
    public string ContactId { get; set; } = "";

    /// <summary>The index row of <paramref name="addressKey"/>, naming <paramref name="contactId"/>.</summary>
    public static ContactIndexRow For(string addressKey, string contactId) => new() { PartitionKey = addressKey, ContactId = contactId };
}
