using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>A mailbox's cursor in the ImapCursors table: PartitionKey = <see cref="ImapCursorStore.MailboxKey"/>, RowKey = <see cref="Key"/>.</summary>
public sealed class ImapCursorRow : TableRow
{
    /// <summary>The row key of a cursor.</summary>
    public const string Key = "cursor";

    /// <summary>A row with its fixed key.</summary>
    public ImapCursorRow() => RowKey = Key;

    /// <summary>The folder's UIDVALIDITY; a <see cref="uint"/>, stored as a long, which the table holds.</summary>
    public long UidValidity { get; set; }

    /// <summary>The highest UID read.</summary>
    public long LastUid { get; set; }

    /// <summary>When the last message read was delivered; null before one was.</summary>
    public DateTimeOffset? LastDeliveredUtc { get; set; }

    /// <summary>When the mailbox was last read.</summary>
    public DateTimeOffset LastRunUtc { get; set; }

    /// <summary>The row of a mailbox's cursor.</summary>
    public static ImapCursorRow From(string mailbox, ImapCursor cursor) => new()
    {
        PartitionKey = mailbox,
        UidValidity = cursor.UidValidity,
        LastUid = cursor.LastUid,
        LastDeliveredUtc = cursor.LastDeliveredUtc,
        LastRunUtc = cursor.LastRunUtc,
    };

    /// <summary>The cursor this row holds.</summary>
    public ImapCursor ToCursor() => new((uint)UidValidity, (uint)LastUid, LastDeliveredUtc, LastRunUtc);
}
