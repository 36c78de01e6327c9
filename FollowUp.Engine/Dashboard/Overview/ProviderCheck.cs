using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>Says which email and SMS providers are configured, and whether each answers: a TCP connection to its server, opened and closed, with nothing sent.</summary>
/// <remarks>
/// A connection is the cheapest question that needs no credentials and cannot send or cost anything; it shows an unreachable
/// host, a closed port or a firewall, not a wrong password (the failed steps show that). Each check waits at most
/// <see cref="Timeout"/>, and both run at once, so the overview waits that long at worst.
/// </remarks>
public sealed class ProviderCheck(IOptions<FollowUpOptions> options, ILogger<ProviderCheck> logger)
{
    /// <summary>How long a provider has to accept the connection.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>Checks the email and the SMS provider at once.</summary>
    public async Task<IReadOnlyList<ProviderStatus>> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var email = settings.Email.Provider switch
        {
            EmailProvider.Smtp => ConnectAsync("Email", "Your SMTP server", settings.Smtp.Host, settings.Smtp.Port, cancellationToken),
            EmailProvider.Acs => ConnectAsync("Email", "Azure Communication Services", settings.Acs.Endpoint?.Host, settings.Acs.Endpoint?.Port ?? 443, cancellationToken),
            _ => Task.FromResult(Outbox("Email", settings)),
        };
        var sms = settings.Sms.Provider switch
        {
            SmsProvider.Twilio => ConnectAsync("SMS", "Twilio", settings.Twilio.BaseUrl.Host, settings.Twilio.BaseUrl.Port, cancellationToken),
            _ => Task.FromResult(Outbox("SMS", settings)),
        };
        return await Task.WhenAll(email, sms);
    }

    private static ProviderStatus Outbox(string channel, FollowUpOptions settings) => new(
        channel,
        "Outbox folder",
        null,
        Directory.Exists(settings.Outbox.Path)
            ? "Messages are written to the outbox folder on this computer; nothing reaches your contacts."
            : "Messages will be written to the outbox folder on this computer; nothing reaches your contacts.");

    private async Task<ProviderStatus> ConnectAsync(string channel, string provider, string? host, int port, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return new ProviderStatus(channel, provider, false, "Its address is not set, so nothing can be sent.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return new ProviderStatus(channel, provider, true, "Answers.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
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
