using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>The caps and checks of website form sources, bound from <c>FollowUp:Forms</c>.</summary>
public sealed class FormsOptions
{
    /// <summary>How many submissions one client address (an IPv6 /64) may make to one form source per fixed window.</summary>
    [Required]
    [ValidateObjectMembers]
    public RateLimit PerClient { get; set; } = RateLimit.Of(5, TimeSpan.FromHours(1));

    /// <summary>How many submissions one form source accepts from all clients together per fixed window: the ceiling on what a flood from many addresses can send.</summary>
    [Required]
    [ValidateObjectMembers]
    public RateLimit PerSource { get; set; } = RateLimit.Of(100, TimeSpan.FromHours(1));

    /// <summary>How many confirmation messages (double opt-in) one phone number or email address may get from all form sources together per fixed window.</summary>
    [Required]
    [ValidateObjectMembers]
    public RateLimit PerRecipient { get; set; } = RateLimit.Of(3, TimeSpan.FromDays(1));

    /// <summary>Where Cloudflare Turnstile tokens are verified.</summary>
    public Uri TurnstileVerifyUrl { get; set; } = new("https://challenges.cloudflare.com/turnstile/v0/siteverify");

    /// <summary>Where hCaptcha tokens are verified.</summary>
    public Uri HcaptchaVerifyUrl { get; set; } = new("https://api.hcaptcha.com/siteverify");

    /// <summary>How long the link that confirms a form submission (double opt-in) stays valid.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan ConfirmationExpiry { get; set; } = TimeSpan.FromDays(2);
}
