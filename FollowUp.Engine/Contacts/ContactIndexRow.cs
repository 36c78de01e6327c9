using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Contacts;

/// <summary>A row of the ContactIndex table: partition key an <see cref="AddressKey"/>, empty row key, naming the contact with that address.</summary>
public sealed class ContactIndexRow : TableRow
{
    /// <summary>The contact's id.</summary>
    public string ContactId { get; set; } = "";

    /// <summary>The index row of <paramref name="addressKey"/>, naming <paramref name="contactId"/>.</summary>
    public static ContactIndexRow For(string addressKey, string contactId) => new() { PartitionKey = addressKey, ContactId = contactId };
}
