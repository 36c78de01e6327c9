using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Replies;

/// <summary>One reply in the <see cref="RecentReplies"/> index: who wrote, what, to which sequence and step, and what FollowUp did.</summary>
/// <param name="Key">The row key, which orders replies newest first and continues a page.</param>
/// <param name="ReceivedUtc">When FollowUp received it.</param>
/// <param name="ContactId">The contact who wrote.</param>
/// <param name="Channel">How it came: email or text; null when the API was told only the enrollment.</param>
/// <param name="Text">What they wrote, trimmed to <see cref="RecentReplies.MaxTextLength"/> characters; null when unknown.</param>
/// <param name="EnrollmentId">The enrollment it answered: the one it was matched to, else the contact's last one written to.</param>
/// <param name="SequenceId">That enrollment's sequence.</param>
/// <param name="StepId">The last step sent to the contact in that enrollment, which the reply answers; null when none was sent.</param>
/// <param name="Halted">How many enrollments the reply halted.</param>
/// <param name="OptedOut">Whether the reply asked in words to stop, and so opted its address out.</param>
/// <param name="Notified">Whether the business was sent a notification of it.</param>
public sealed record RecentReply(
    string Key,
    DateTimeOffset ReceivedUtc,
    string ContactId,
    StepChannel? Channel,
    string? Text,
    string? EnrollmentId,
    string? SequenceId,
    string? StepId,
    int Halted,
    bool OptedOut,
    bool Notified);
