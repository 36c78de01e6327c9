using FollowUp.Engine.Channels;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dispatch;

/// <summary>A step made ready to send: the rendered message, the reason it must be skipped, or the reason it fails.</summary>
/// <param name="Channel">The step's channel.</param>
/// <param name="Email">The rendered email of an email step.</param>
/// <param name="Sms">The rendered text of an SMS step.</param>
/// <param name="SkipReason">Why nothing is sent (no address, opted out); null when there is a message.</param>
/// <param name="FailReason">Why the step fails for good (a template failed for this contact's data); null when there is a message.</param>
public sealed record PreparedSend(StepChannel Channel, OutgoingEmail? Email, OutgoingSms? Sms, string? SkipReason, string? FailReason = null)
{
    /// <summary>Whether there is a message to send.</summary>
    public bool HasMessage => SkipReason is null && FailReason is null;

    /// <summary>What the send costs against the channel's rate limits: one email, or the SMS's segments.</summary>
    public int Units => Sms?.Segments ?? 1;
}
