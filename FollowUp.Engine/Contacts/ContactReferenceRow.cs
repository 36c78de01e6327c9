using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Contacts;

/// <summary>A row of the ContactReferences table: partition key the owner (a contact id or an <see cref="AddressKey"/>), row key the referenced row's table and keys.</summary>
public sealed class ContactReferenceRow : TableRow
{
    /// <summary>The referenced row's table.</summary>
    public string TargetTable { get; set; } = "";

    /// <summary>The referenced row's partition key.</summary>
    public string TargetPartition { get; set; } = "";

    /// <summary>The referenced row's row key.</summary>
    public string TargetRow { get; set; } = "";

    /// <summary>The row that records <paramref name="owner"/> is named by <paramref name="target"/>.</summary>
    public static ContactReferenceRow For(string owner, ContactReference target) => new()
    {
        PartitionKey = owner,
        RowKey = $"{target.Table} {target.PartitionKey} {target.RowKey}",
        TargetTable = target.Table,
        TargetPartition = target.PartitionKey,
        TargetRow = target.RowKey,
    };

    /// <summary>The referenced row.</summary>
    public ContactReference ToReference() => new(TargetTable, TargetPartition, TargetRow);
}
