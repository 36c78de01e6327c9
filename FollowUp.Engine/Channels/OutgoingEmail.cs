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
public sealed record OutgoingEmail(SendKey Key, string To, string? ToName, string Subject, string? Text, string? Html, Uri? ListUnsubscribe = null, string? ReplyTo = null, DateTimeOffset? FirstSentUtc = null)
{
    /// <summary>The headers every channel adds: the enrollment and step, and the unsubscribe address when there is one.</summary>
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
