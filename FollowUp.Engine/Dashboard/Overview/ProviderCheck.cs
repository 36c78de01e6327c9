using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>Says which email and SMS providers are configured, and whether each answers: a TCP connection to its server, opened and closed, with nothing sent.</summary>
/// <remarks>
/// A connection is the cheapest question that needs no credentials and cannot send or cost anything; it shows an unreachable
/// host, a closed port or a firewall, not a wrong password (the failed steps show that). Each check waits at most
/// <see cref="Timeout"/>, and both run at once, so the overview waits that long at worst. The answer is kept for
/// <see cref="Freshness"/>, so reloading the overview does not open new connections (or wait again) each time.
/// </remarks>
public sealed class ProviderCheck(IOptions<FollowUpOptions> options, TimeProvider clock, ILogger<ProviderCheck> logger)
{
    /// <summary>How long a provider has to accept the connection.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a check's answer is shown before the next view checks again.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private (Task<ProviderStatus[]> Check, DateTimeOffset StartedUtc)? last;

    /// <summary>Checks the email and the SMS provider at once, or answers the check made in the last <see cref="Freshness"/>.</summary>
    public async Task<IReadOnlyList<ProviderStatus>> CheckAsync(CancellationToken cancellationToken)
    {
        Task<ProviderStatus[]> check;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (last is not { } recent || now - recent.StartedUtc >= Freshness)
            {
                // Shared by the views that come while it runs, so no one view's cancellation ends it; Timeout bounds it.
                last = (CheckNowAsync(), now);
            }

            check = last.Value.Check;
        }

        return await check.WaitAsync(cancellationToken);
    }

    private Task<ProviderStatus[]> CheckNowAsync()
    {
        var settings = options.Value;
        var email = settings.Email.Provider switch
        {
            EmailProvider.Smtp => ConnectAsync("Email", "Your SMTP server", settings.Smtp.Host, settings.Smtp.Port),
            EmailProvider.Acs => ConnectAsync("Email", "Azure Communication Services", settings.Acs.Endpoint?.Host, settings.Acs.Endpoint?.Port ?? 443),
            _ => Task.FromResult(Outbox("Email", settings)),
        };
        var sms = settings.Sms.Provider switch
        {
            SmsProvider.Twilio => ConnectAsync("SMS", "Twilio", settings.Twilio.BaseUrl.Host, settings.Twilio.BaseUrl.Port),
            _ => Task.FromResult(Outbox("SMS", settings)),
        };
        return Task.WhenAll(email, sms);
    }

    private static ProviderStatus Outbox(string channel, FollowUpOptions settings) => new(
        channel,
        "Outbox folder",
        null,
        Directory.Exists(settings.Outbox.Path)
            ? "Messages are written to the outbox folder on this computer; nothing reaches your contacts."
            : "Messages will be written to the outbox folder on this computer; nothing reaches your contacts.");

    private async Task<ProviderStatus> ConnectAsync(string channel, string provider, string? host, int port)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return new ProviderStatus(channel, provider, false, "Its address is not set, so nothing can be sent.");
        }

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return new ProviderStatus(channel, provider, true, "Answers.");
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The {Channel} provider did not answer within {Timeout}", channel, Timeout);
            return new ProviderStatus(channel, provider, false, $"Does not answer: no reply within {Timeout.TotalSeconds:0} seconds.");
        }
        catch (SocketException exception)
        {
            logger.LogWarning("The {Channel} provider does not answer: {Error}", channel, exception.SocketErrorCode);
            return new ProviderStatus(channel, provider, false, "Does not answer: the connection was refused or the server was not found.");
        }
    }
}
