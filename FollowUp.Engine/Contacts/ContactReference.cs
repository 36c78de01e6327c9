namespace FollowUp.Engine.Contacts;

/// <summary>A row in another table that names a contact or one of its addresses, found by erasure through <see cref="ContactReferences"/>.</summary>
/// <param name="Table">The table of the row, one of the names in <see cref="Storage.StorageNames"/>.</param>
/// <param name="PartitionKey">The row's partition key.</param>
/// <param name="RowKey">The row's row key.</param>
public sealed record ContactReference(string Table, string PartitionKey, string RowKey);
