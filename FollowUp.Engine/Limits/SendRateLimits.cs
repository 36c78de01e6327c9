using FollowUp.Engine.Sequences;
using MimeKit;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Limits;

/// <summary>The rate limits in force on each channel: the configured ones, or the provider's documented defaults.</summary>
/// <remarks>
/// Defaults: ACS Email sends 30 a minute and 100 an hour from a custom domain, 5 a minute and 10 an hour from an
/// Azure-managed (<c>*.azurecomm.net</c>) domain; a Twilio long code sends 1 segment a second. The outbox and SMTP have none.
/// </remarks>
public sealed class SendRateLimits(IOptions<FollowUpOptions> options)
{
    /// <summary>The limits of a channel; empty when it is not limited.</summary>
    public IReadOnlyList<RateLimit> For(StepChannel channel)
    {
        var settings = options.Value;
        return channel == StepChannel.Email
            ? settings.Email.RateLimits ?? EmailDefaults(settings.Email)
            : settings.Sms.RateLimits ?? (settings.Sms.Provider == SmsProvider.Twilio ? [RateLimit.Of(1, TimeSpan.FromSeconds(1))] : []);
    }

    private static List<RateLimit> EmailDefaults(EmailOptions email)
    {
        if (email.Provider != EmailProvider.Acs)
        {
            return [];
        }

        var azureManaged = MailboxAddress.TryParse(email.From, out var from)
            && from.Domain.EndsWith(".azurecomm.net", StringComparison.OrdinalIgnoreCase);
        return azureManaged
            ? [RateLimit.Of(5, TimeSpan.FromMinutes(1)), RateLimit.Of(10, TimeSpan.FromHours(1))]
            : [RateLimit.Of(30, TimeSpan.FromMinutes(1)), RateLimit.Of(100, TimeSpan.FromHours(1))];
    }
}
