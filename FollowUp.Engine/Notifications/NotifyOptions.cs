using System.ComponentModel.DataAnnotations;

namespace FollowUp.Engine.Notifications;

/// <summary>Who hears of replies and what else they hear of, bound from <c>FollowUp:Notify</c>.</summary>
public sealed class NotifyOptions
{
    /// <summary>The addresses that receive a notification of every real reply, comma-separated (<c>sales@acme.example, Ann &lt;ann@acme.example&gt;</c>); unset or blank, no email notification is sent.</summary>
    [MaxLength(4000)]
    public string? Email { get; set; }

    /// <summary>A phone number (E.164) that is also texted a short notification of each reply; unset or blank, none is.</summary>
    [MaxLength(16)]
    public string? Sms { get; set; }

    /// <summary>Whether a conversion (an event that halts an enrollment) notifies too.</summary>
    public bool Conversions { get; set; }

    /// <summary>Whether an opt-out (an unsubscribe link, a texted STOP) notifies too.</summary>
    public bool OptOuts { get; set; }

    /// <summary>Whether inbound email that matches no contact is forwarded to <see cref="Email"/>, so that nothing sent to the reply address is lost.</summary>
    public bool Unmatched { get; set; } = true;
}
