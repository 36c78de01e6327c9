using Azure;
using Azure.Data.Tables;

namespace FollowUp.Engine.Storage;

/// <summary>The keys and service fields every row class shares; Azure.Data.Tables binds a row class's other public properties by name.</summary>
public abstract class TableRow : ITableEntity
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = "";

    /// <inheritdoc />
    public string RowKey { get; set; } = "";

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }
}
