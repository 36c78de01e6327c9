using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Channels.Smtp;

/// <summary>Sends email through an SMTP server with MailKit.</summary>
public sealed class SmtpEmailChannel(IOptions<FollowUpOptions> options, ILogger<SmtpEmailChannel> logger) : IEmailChannel
{
    /// <inheritdoc />
    public Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => throw new NotImplementedException($"{options}{logger}");

    /// <inheritdoc />
    public Task<string?> FindSentAsync(OutgoingEmail email, DateTimeOffset claimedUtc, CancellationToken cancellationToken) => throw new NotImplementedException();
}
