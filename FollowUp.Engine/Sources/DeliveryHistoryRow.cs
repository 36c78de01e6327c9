using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources;

/// <summary>A delivery in a source's history, in the SourceDeliveries table: PartitionKey = the source id, RowKey = <see cref="DeliveryHistory.Prefix"/>, the inverted arrival ticks and a random suffix.</summary>
public sealed class DeliveryHistoryRow : TableRow
{
    /// <summary>When the delivery arrived.</summary>
    public DateTimeOffset AtUtc { get; set; }

    /// <summary>The topic, type or <c>submit</c> it carried; null when it was refused before it was read.</summary>
    public string? Trigger { get; set; }

    /// <summary>The <see cref="DeliveryResult"/> by name.</summary>
    public string Result { get; set; } = "";

    /// <summary>The HTTP status it was answered with.</summary>
    public int Status { get; set; }

    /// <summary>Why it was refused, or what it did.</summary>
    public string? Detail { get; set; }

    /// <summary>The row of a delivery under <paramref name="rowKey"/> in the source's partition.</summary>
    public static DeliveryHistoryRow From(string sourceId, string rowKey, DeliveryRecord record) => new()
    {
        PartitionKey = sourceId,
        RowKey = rowKey,
        AtUtc = record.AtUtc,
        Trigger = record.Trigger,
        Result = record.Result.ToString(),
        Status = record.Status,
        Detail = record.Detail,
    };

    /// <summary>The delivery this row records; a result it does not know reads as <see cref="DeliveryResult.Failed"/>.</summary>
    public DeliveryRecord ToRecord() =>
        new(AtUtc, Trigger, Enum.TryParse<DeliveryResult>(Result, out var result) ? result : DeliveryResult.Failed, Status, Detail);
}
