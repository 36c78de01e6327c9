using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources;

/// <summary>A claim on a delivery in the SourceDeliveries table: PartitionKey = the source id, RowKey = the SHA-256 of the delivery id, in hex.</summary>
public sealed class DeliveryClaimRow : TableRow
{
    /// <summary>Whether the delivery was acted on.</summary>
    public bool Done { get; set; }

    /// <summary>When it was claimed, or marked done.</summary>
    public DateTimeOffset ClaimedUtc { get; set; }
}
