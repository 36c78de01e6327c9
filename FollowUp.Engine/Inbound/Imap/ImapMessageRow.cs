using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>A handled message in the ImapMessages table: PartitionKey = <see cref="ImapCursorStore.MailboxKey"/>, RowKey = <see cref="ImapCursorStore.MessageKey"/>.</summary>
public sealed class ImapMessageRow : TableRow
{
    /// <summary>When it was handled or passed over.</summary>
    public DateTimeOffset HandledUtc { get; set; }

    /// <summary>Whether it was passed over after the pipeline kept failing on it.</summary>
    public bool Skipped { get; set; }
}
