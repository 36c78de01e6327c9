using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Limits;

/// <summary>A channel's row of the RateLimits table: PartitionKey = the channel (<c>email</c>, <c>sms</c>), RowKey empty; its <see cref="SlotLog"/>.</summary>
internal sealed class RateLimitRow : TableRow
{
    /// <summary>The reserved slots, as <see cref="SlotLog.ToBytes"/> writes them.</summary>
    public byte[]? Slots { get; set; }

    /// <summary>Until when every send on the channel is held; null when none is.</summary>
    public DateTimeOffset? PausedUntil { get; set; }

    /// <summary>The row of a channel's log.</summary>
    public static RateLimitRow From(string partitionKey, SlotLog log) => new()
    {
        PartitionKey = partitionKey,
        Slots = log.ToBytes(),
        PausedUntil = log.PausedUntil,
    };

    /// <summary>The log this row holds.</summary>
    public SlotLog ToSlotLog() => SlotLog.FromBytes(Slots ?? [], PausedUntil);
}
