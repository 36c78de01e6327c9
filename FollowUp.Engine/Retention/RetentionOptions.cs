using System.ComponentModel.DataAnnotations;

namespace FollowUp.Engine.Retention;

/// <summary>How long records that only serve repeats and history are kept, and how much one cleanup run may delete.</summary>
public sealed class RetentionOptions
{
    /// <summary>How long an <c>Idempotency-Key</c>'s record is kept after it was last written; a repeat after that enrolls again.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Idempotency { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a source delivery's record is kept after it was last written; a sender's retry after that acts again.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan SourceDeliveries { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a sent notification's record (which holds the reply) is kept after it was last written, and a reply in the dashboard's list of replies after it came; a parse service's or Twilio's redelivery after that notifies again.</summary>
    /// <remarks>Parse services retry for days, not weeks; the record holds the customer's words, so it is kept no longer than the other repeat records.</remarks>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Notifications { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the record of a message read from the IMAP mailbox is kept after it was handled; a record a re-read after a changed UIDVALIDITY can reach is kept longer, until it cannot.</summary>
    /// <remarks>The UID cursor alone keeps the reader from repeating a message; the records matter only when the UIDVALIDITY changes, and the cleaner never removes one the re-read would look for (<see cref="Inbound.Imap.ImapReader.ReReadFrom"/>).</remarks>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ImapMessages { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the timeline and send claims of an enrollment are kept after it ended.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan EndedEnrollments { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How many rows one run deletes at most from each table; the rest waits for the next run.</summary>
    [Range(1, 100_000)]
    public int MaxDeletesPerTable { get; set; } = 5000;
}
