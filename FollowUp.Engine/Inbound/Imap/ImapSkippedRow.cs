using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>The messages a mailbox passed over, in the ImapCursors table: PartitionKey = <see cref="ImapCursorStore.MailboxKey"/>, RowKey = <see cref="Key"/>.</summary>
public sealed class ImapSkippedRow : TableRow
{
    /// <summary>The row key of the passed-over count.</summary>
    public const string Key = "skipped";

    /// <summary>A row with its fixed key.</summary>
    public ImapSkippedRow() => RowKey = Key;

    /// <summary>How many messages were passed over.</summary>
    public long Count { get; set; }

    /// <summary>The UIDVALIDITY of the last one; a <see cref="uint"/>, stored as a long.</summary>
    public long LastUidValidity { get; set; }

    /// <summary>The UID of the last one; a <see cref="uint"/>, stored as a long.</summary>
    public long LastUid { get; set; }

    /// <summary>When the last one was passed over.</summary>
    public DateTimeOffset LastSkippedUtc { get; set; }

    /// <summary>Why the pipeline failed on the last one.</summary>
    public string LastError { get; set; } = "";

    /// <summary>The row of a mailbox's passed-over messages.</summary>
    public static ImapSkippedRow From(string mailbox, ImapSkipped skipped) => new()
    {
        PartitionKey = mailbox,
        Count = skipped.Count,
        LastUidValidity = skipped.LastUidValidity,
        LastUid = skipped.LastUid,
        LastSkippedUtc = skipped.LastSkippedUtc,
        LastError = skipped.LastError,
    };

    /// <summary>The passed-over messages this row counts.</summary>
    public ImapSkipped ToSkipped() => new(Count, (uint)LastUidValidity, (uint)LastUid, LastSkippedUtc, LastError);
}
