namespace FollowUp.Engine.Channels;

/// <summary>A rendered email, ready for a channel.</summary>
/// <param name="Key">The enrollment and step it belongs to.</param>
/// <param name="To">The recipient address.</param>
/// <param name="ToName">The recipient's name, when known.</param>
/// <param name="Subject">The rendered subject.</param>
/// <param name="Text">The plain-text part, or null.</param>
/// <param name="Html">The HTML part, or null.</param>
/// <param name="ListUnsubscribe">Where the recipient unsubscribes, sent as the <c>List-Unsubscribe</c> header; null without <c>FollowUp:PublicBaseUrl</c>.</param>
/// <param name="ReplyTo">This email's reply mailbox, in preference to <c>FollowUp:Email:ReplyTo</c>; null for that setting.</param>
/// <param name="FirstSentUtc">When the first attempt at this send began, kept with its claim so that every retry repeats it; null for now.</param>
/// <param name="Attachments">Files attached to the email; null for none.</param>
/// <param name="AutoSubmitted">Whether the email is machine-made for the business (a notification), marked <c>Auto-Submitted: auto-generated</c> (RFC 3834) so that no auto-reply answers it and inbound matching ignores it.</param>
public sealed record OutgoingEmail(
    SendKey Key, string To, string? ToName, string Subject, string? Text, string? Html, Uri? ListUnsubscribe = null, string? ReplyTo = null, DateTimeOffset? FirstSentUtc = null,
    IReadOnlyList<EmailAttachment>? Attachments = null, bool AutoSubmitted = false)
{
    /// <summary>The headers every channel adds: the enrollment and step, <c>Auto-Submitted</c> for a notification, and the unsubscribe address when there is one.</summary>
    /// <remarks>An https unsubscribe address also gets <c>List-Unsubscribe-Post</c>, for one-click unsubscribe (RFC 8058).</remarks>
    public IReadOnlyList<KeyValuePair<string, string>> Headers
    {
        get
        {
            var headers = new List<KeyValuePair<string, string>>
            {
                new("X-FollowUp-Enrollment", Key.EnrollmentId),
                new("X-FollowUp-Step", Key.StepId),
            };
            if (AutoSubmitted)
            {
                headers.Add(new("Auto-Submitted", "auto-generated"));
            }

            if (ListUnsubscribe is { } unsubscribe)
            {
                headers.Add(new("List-Unsubscribe", $"<{unsubscribe.AbsoluteUri}>"));
                if (unsubscribe.Scheme == Uri.UriSchemeHttps)
                {
                    headers.Add(new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
                }
            }

            return headers;
        }
    }
}
