using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Channels.Acs;

/// <summary>Sends email through the Azure Communication Services Email REST API.</summary>
public sealed class AcsEmailChannel(IHttpClientFactory http, IOptions<FollowUpOptions> options, TimeProvider time, ILogger<AcsEmailChannel> logger, TokenCredential? credential = null)
    : IEmailChannel, IDeliveryTracker
{
    /// <inheritdoc />
    public Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => throw new NotImplementedException($"{http}{options}{time}{logger}{credential}");

    /// <inheritdoc />
    public Task<string?> FindSentAsync(OutgoingEmail email, DateTimeOffset claimedUtc, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<DeliveryReport?> GetDeliveryAsync(string providerMessageId, CancellationToken cancellationToken) => throw new NotImplementedException();
}
