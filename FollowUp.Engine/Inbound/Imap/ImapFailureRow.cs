using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>The message a mailbox's pipeline last failed on, in the ImapCursors table: PartitionKey = <see cref="ImapCursorStore.MailboxKey"/>, RowKey = <see cref="Key"/>.</summary>
public sealed class ImapFailureRow : TableRow
{
    /// <summary>The row key of a failure.</summary>
    public const string Key = "failure";

    /// <summary>A row with its fixed key.</summary>
    public ImapFailureRow() => RowKey = Key;

    /// <summary>The folder's UIDVALIDITY then; a <see cref="uint"/>, stored as a long.</summary>
    public long UidValidity { get; set; }

    /// <summary>The message's UID; a <see cref="uint"/>, stored as a long.</summary>
    public long Uid { get; set; }

    /// <summary>How many runs failed on it.</summary>
    public int Attempts { get; set; }

    /// <summary>When the last run failed on it.</summary>
    public DateTimeOffset FailedUtc { get; set; }

    /// <summary>The row of a mailbox's failure, counted at <paramref name="failedUtc"/>.</summary>
    public static ImapFailureRow From(string mailbox, ImapFailure failure, DateTimeOffset failedUtc) => new()
    {
        PartitionKey = mailbox,
        UidValidity = failure.UidValidity,
        Uid = failure.Uid,
        Attempts = failure.Attempts,
        FailedUtc = failedUtc,
    };

    /// <summary>The failure this row holds.</summary>
    public ImapFailure ToFailure() => new((uint)UidValidity, (uint)Uid, Attempts);
}
