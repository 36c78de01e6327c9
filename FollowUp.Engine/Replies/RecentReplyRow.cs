using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Replies;

/// <summary>A row of the RecentReplies table: PartitionKey = <see cref="RecentReplies.Partition"/>, RowKey = the reply's <see cref="RecentReply.Key"/>.</summary>
public sealed class RecentReplyRow : TableRow
{
    /// <summary>A row with its fixed key.</summary>
    public RecentReplyRow() => PartitionKey = RecentReplies.Partition;

    /// <summary>When FollowUp received the reply.</summary>
    public DateTimeOffset ReceivedUtc { get; set; }

    /// <summary>The contact who wrote.</summary>
    public string ContactId { get; set; } = "";

    /// <summary>The <see cref="StepChannel"/> by name; null when unknown.</summary>
    public string? Channel { get; set; }

    /// <summary>What they wrote, shortened.</summary>
    public string? Text { get; set; }

    /// <summary>The enrollment the reply answered.</summary>
    public string? EnrollmentId { get; set; }

    /// <summary>That enrollment's sequence.</summary>
    public string? SequenceId { get; set; }

    /// <summary>The step the reply answers.</summary>
    public string? StepId { get; set; }

    /// <summary>How many enrollments the reply halted.</summary>
    public int Halted { get; set; }

    /// <summary>Whether the reply opted its address out.</summary>
    public bool OptedOut { get; set; }

    /// <summary>Whether the business was notified of it.</summary>
    public bool Notified { get; set; }

    /// <summary>The row of a reply.</summary>
    public static RecentReplyRow From(RecentReply reply) => new()
    {
        RowKey = reply.Key,
        ReceivedUtc = reply.ReceivedUtc,
        ContactId = reply.ContactId,
        Channel = reply.Channel?.ToString(),
        Text = reply.Text,
        EnrollmentId = reply.EnrollmentId,
        SequenceId = reply.SequenceId,
        StepId = reply.StepId,
        Halted = reply.Halted,
        OptedOut = reply.OptedOut,
        Notified = reply.Notified,
    };

    /// <summary>The reply this row holds; a channel it does not know reads as null.</summary>
    public RecentReply ToRecentReply() => new(
        RowKey,
        ReceivedUtc,
        ContactId,
        Enum.TryParse<StepChannel>(Channel, out var channel) ? channel : null,
        Text,
        EnrollmentId,
        SequenceId,
        StepId,
        Halted,
        OptedOut,
        Notified);
}
