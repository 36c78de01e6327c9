using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Channels.Twilio;

/// <summary>Sends text messages through the Twilio Messages REST API.</summary>
public sealed class TwilioSmsChannel(IHttpClientFactory http, IOptions<FollowUpOptions> options, TimeProvider time, ILogger<TwilioSmsChannel> logger) : ISmsChannel
{
    /// <inheritdoc />
    public Task<string> SendAsync(OutgoingSms sms, CancellationToken cancellationToken) => throw new NotImplementedException($"{http}{options}{time}{logger}");

    /// <inheritdoc />
    public Task<string?> FindSentAsync(OutgoingSms sms, DateTimeOffset claimedUtc, CancellationToken cancellationToken) => throw new NotImplementedException();
}
