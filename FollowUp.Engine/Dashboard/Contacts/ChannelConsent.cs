using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Contacts;

/// <summary>Whether a contact may be messaged on one channel, and why not.</summary>
/// <param name="Channel">Email or text messages.</param>
/// <param name="Address">The contact's address on that channel, or null when it has none.</param>
/// <param name="OptOut">The opt-out of that address, or null when it may be messaged.</param>
/// <param name="LastOptIn">The last time an operator opted it back in, if ever.</param>
public sealed record ChannelConsent(StepChannel Channel, string? Address, OptOut? OptOut, OptIn? LastOptIn)
{
    /// <summary>The form value and field suffix of the channel: <c>email</c> or <c>sms</c>.</summary>
    public string Key => Channel == StepChannel.Email ? "email" : "sms";

    /// <summary>"Email" or "Text messages".</summary>
    public string Title => Channel == StepChannel.Email ? "Email" : "Text messages";

    /// <summary>The short state shown in the badge.</summary>
    public string State => Address is null ? "No address" : OptOut is null ? "OK to contact" : OptOut.Source switch
    {
        "unsubscribe" => "Unsubscribed",
        "bounce" => "Bounced",
        "reply" => "Asked to stop",
        OperatorConsent.Source => "Opted out",
        "provider" => "Blocked by provider",
        _ when OptOut.Source.StartsWith("sms:", StringComparison.Ordinal) => "Texted " + OptOut.Source[4..],
        _ => "Opted out",
    };

    /// <summary>Why the address may not be messaged, in a sentence; null when it may.</summary>
    public string? Reason => OptOut?.Source switch
    {
        null => null,
        "unsubscribe" => "They clicked the unsubscribe link in an email.",
        "bounce" => "Email to this address bounced: the address does not accept mail.",
        "reply" => "They replied asking to be sent nothing more.",
        "provider" => "The sending service refused this address because the person opted out with it.",
        OperatorConsent.Source => $"Opted out on this dashboard by {OptOut.By ?? "an operator"}.",
        var source when source.StartsWith("sms:", StringComparison.Ordinal) => $"They texted {source[4..]} to your number.",
        _ => "They opted out.",
    };
}
