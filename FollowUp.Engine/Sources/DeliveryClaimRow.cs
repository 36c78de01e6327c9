using Azure;
using Azure.Data.Tables;

namespace FollowUp.Engine.Sources;

/// <summary>A claim on a delivery in the SourceDeliveries table: PartitionKey = the source id, RowKey = the SHA-256 of the delivery id, in hex.</summary>
public sealed class DeliveryClaimRow : ITableEntity
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = "";

    /// <inheritdoc />
    public string RowKey { get; set; } = "";

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>Whether the delivery was acted on.</summary>
    public bool Done { get; set; }

    /// <summary>When it was claimed, or marked done.</summary>
    public DateTimeOffset ClaimedUtc { get; set; }
}
