using Azure;
using Azure.Data.Tables;

namespace FollowUp.Engine.Contacts;

/// <summary>A row of the ContactIndex table: partition key an <see cref="AddressKey"/>, empty row key, naming the contact with that address.</summary>
public sealed class ContactIndexRow : ITableEntity
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = "";

    /// <inheritdoc />
    public string RowKey { get; set; } = "";

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>The contact's id.</summary>
    public string ContactId { get; set; } = "";

    /// <summary>The index row of <paramref name="addressKey"/>, naming <paramref name="contactId"/>.</summary>
    public static ContactIndexRow For(string addressKey, string contactId) => new() { PartitionKey = addressKey, ContactId = contactId };
}
