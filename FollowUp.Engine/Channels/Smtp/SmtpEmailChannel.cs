using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FollowUp.Engine.Channels.Smtp;

/// <summary>Sends email through an SMTP server with MailKit, over one connection kept open between sends.</summary>
/// <remarks>
/// An SMTP server cannot be asked which messages it accepted, so <see cref="FindSentAsync"/> never finds one and the
/// dispatcher sends again after an unknown outcome. The Message-ID is made from the enrollment and step, so that copy
/// carries the id of the first, and mail systems that drop duplicate Message-IDs (Gmail does) show it once.
/// One connection, used by one send at a time, spares each email a TLS handshake and a login, and keeps under the
/// servers' limits on concurrent connections and logins. It is checked with NOOP after a quiet spell and replaced
/// after any error. MailKit's protocol logger stays off: it would write the AUTH exchange.
/// </remarks>
public sealed partial class SmtpEmailChannel(IOptions<FollowUpOptions> options, ILogger<SmtpEmailChannel> logger, TimeProvider time) : IEmailChannel, IDisposable
{
    /// <summary>How long a quiet connection is trusted before a NOOP checks that the server has not closed it.</summary>
    private static readonly TimeSpan IdleCheckAfter = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim connectionGate = new(1, 1);
    private SmtpClient? connection;
    private DateTimeOffset connectionUsedUtc;

    /// <inheritdoc />
    /// <returns>The Message-ID, <c>&lt;enrollment&gt;.&lt;step&gt;@&lt;sender's domain&gt;</c> without angle brackets.</returns>
    public async Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (MimeEmail.Compose(email, settings.Email) is not var (message, messageId))
        {
            return SendResult.Refused(MimeEmail.InvalidRecipient);
        }

        await connectionGate.WaitAsync(cancellationToken);
        SmtpClient? connected = null;
        try
        {
            connected = await ConnectAsync(settings.Smtp, cancellationToken);
            await connected.SendAsync(message, cancellationToken);
            connectionUsedUtc = time.GetUtcNow();
            return SendResult.Sent(messageId);
        }
        catch (Exception exception)
        {
            DropConnection();
            if (Translate(exception, email, settings, sending: connected is not null, cancellationToken) is { } answer)
            {
                return answer;
            }

            throw;
        }
        finally
        {
            connectionGate.Release();
        }
    }

    /// <summary>Always null: SMTP has no way to ask a server whether it accepted a message.</summary>
    /// <remarks>The dispatcher then sends again; the repeated Message-ID lets receiving systems drop the copy.</remarks>
    public Task<string?> FindSentAsync(OutgoingEmail email, DateTimeOffset claimedUtc, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        DropConnection();
        connectionGate.Dispose();
    }

    private async Task<SmtpClient> ConnectAsync(SmtpOptions settings, CancellationToken cancellationToken)
    {
        if (connection is { IsConnected: true } open)
        {
            if (time.GetUtcNow() - connectionUsedUtc < IdleCheckAfter)
            {
                return open;
            }

            try
            {
                await open.NoOpAsync(cancellationToken);
                return open;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("The idle SMTP connection failed its NOOP ({Error}); connecting again", exception.GetType().Name);
            }
        }

        DropConnection();
        connection = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        var host = settings.Host ?? throw new InvalidOperationException("FollowUp:Smtp:Host is not set.");
        await connection.ConnectAsync(host, settings.Port, SocketOptions(settings), cancellationToken);
        if (!string.IsNullOrEmpty(settings.User))
        {
            await connection.AuthenticateAsync(settings.User, settings.Password ?? string.Empty, cancellationToken);
        }

        connectionUsedUtc = time.GetUtcNow();
        return connection;
    }

    /// <summary>STARTTLS when asked; otherwise TLS from the start on port 465, and plain text elsewhere.</summary>
    private static SecureSocketOptions SocketOptions(SmtpOptions settings) => settings switch
    {
        { StartTls: true } => SecureSocketOptions.StartTls,
        { Port: 465 } => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    /// <summary>Forgets the connection; after an error its state is unknown, so it is never reused.</summary>
    private void DropConnection()
    {
        connection?.Dispose();
        connection = null;
    }

    /// <summary>Turns a MailKit or network error into the answer the send path acts on; null for the caller's own cancellation and the unforeseen.</summary>
    /// <remarks>Only the server's redacted text goes on.</remarks>
    private SendResult? Translate(Exception exception, OutgoingEmail email, FollowUpOptions settings, bool sending, CancellationToken cancellationToken)
    {
        var server = $"{settings.Smtp.Host}:{settings.Smtp.Port}";
        var detail = Redact(exception.Message, email, settings.Smtp);
        return exception switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => null,
            SmtpCommandException reply => Translate(reply, detail, server),
            AuthenticationException or ServiceNotAuthenticatedException =>
                Misconfigured(server, $"it refused the login or asks for one ({detail})", "FollowUp:Smtp:User and FollowUp:Smtp:Password"),
            NotSupportedException when sending => SendResult.Refused($"The SMTP server cannot carry this email: {detail}"),
            NotSupportedException => Misconfigured(server, detail, "FollowUp:Smtp:StartTls, FollowUp:Smtp:Port and FollowUp:Smtp:User"),
            SslHandshakeException => Misconfigured(
                server, "the TLS handshake failed (an untrusted certificate, or a port that does not speak TLS this way)", "FollowUp:Smtp:Host, FollowUp:Smtp:Port and FollowUp:Smtp:StartTls"),
            OperationCanceledException or TimeoutException => SendResult.Unavailable(
                $"The SMTP server {server} did not answer within {settings.Smtp.Timeout.TotalSeconds:0.#} s."),
            IOException or System.Net.Sockets.SocketException or ProtocolException or ServiceNotConnectedException =>
                SendResult.Unavailable($"The SMTP server {server} could not be reached or broke off: {detail}"),
            _ => null,
        };
    }

    /// <summary>
    /// 5xx fails the step, unless the server refused the login or the sender (a setting is wrong, so every email would
    /// fail). 421 (closing, commonly for too many connections or messages) and 4xx answers that speak of rates or limits
    /// are throttling; other 4xx answers (greylisting, a local error, a full disk) are a passing outage.
    /// </summary>
    private SendResult Translate(SmtpCommandException reply, string detail, string server)
    {
        var answer = $"SMTP {(int)reply.StatusCode} {detail}";
        return (int)reply.StatusCode switch
        {
            >= 500 when IsLoginRefusal(reply.StatusCode)
                || (reply.ErrorCode == SmtpErrorCode.SenderNotAccepted && reply.StatusCode != SmtpStatusCode.ExceededStorageAllocation) =>
                Misconfigured(server, $"the sender or the login was refused ({answer})", "FollowUp:Email:From, FollowUp:Smtp:User and FollowUp:Smtp:Password"),
            >= 500 => SendResult.Refused($"The SMTP server refused the email: {answer}"),
            421 => SendResult.Throttled($"The SMTP server asked to slow down: {answer}", null),
            _ when SpeaksOfRateLimit().IsMatch(detail) =>
                SendResult.Throttled($"The SMTP server asked to slow down: {answer}", null),
            _ => SendResult.Unavailable($"The SMTP server {server} could not take the email now: {answer}"),
        };
    }

    /// <summary>Words with which servers explain a 4xx answer as a rate limit; not "limit" alone, which also means a size limit.</summary>
    [GeneratedRegex(@"\b(rate|too many|too fast|too quickly|throttl\w*|slow down)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpeaksOfRateLimit();

    private static bool IsLoginRefusal(SmtpStatusCode status) => status is SmtpStatusCode.AuthenticationRequired
        or SmtpStatusCode.AuthenticationMechanismTooWeak
        or SmtpStatusCode.AuthenticationInvalidCredentials
        or SmtpStatusCode.EncryptionRequiredForAuthenticationMechanism;

    /// <summary>A setting is wrong: logs an error naming the settings (never their values), and waits as for an outage so that emails go out once it is fixed.</summary>
    private SendResult Misconfigured(string server, string problem, string settingsToCheck)
    {
        logger.LogError("The SMTP server {Server} cannot be used as configured: {Problem}. Check {Settings}", server, problem, settingsToCheck);
        return SendResult.Unavailable($"The SMTP server {server} cannot be used as configured: {problem}. Check {settingsToCheck}.");
    }

    /// <summary>Removes the password and the recipient's address from a server's text, which goes to logs and onto the step.</summary>
    private static string Redact(string text, OutgoingEmail email, SmtpOptions settings)
    {
        if (!string.IsNullOrEmpty(settings.Password))
        {
            text = text.Replace(settings.Password, "***", StringComparison.Ordinal);
        }

        return text.Replace(email.To, "(recipient)", StringComparison.OrdinalIgnoreCase);
    }
}
