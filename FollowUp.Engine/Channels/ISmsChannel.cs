namespace FollowUp.Engine.Channels;

/// <summary>Delivers text messages.</summary>
public interface ISmsChannel
{
    /// <summary>Hands the message to the provider and returns its answer: sent with the provider's message id, refused, opted out, throttled or unavailable.</summary>
    /// <remarks>An exception means the unforeseen: whether the provider accepted the message is then unknown.</remarks>
    Task<SendResult> SendAsync(OutgoingSms sms, CancellationToken cancellationToken);

    /// <summary>Asks the provider whether this message was already accepted, after a crash or an error left the outcome unknown.</summary>
    /// <param name="sms">The message as it would be sent again.</param>
    /// <param name="claimedUtc">When the uncertain attempt was claimed; nothing earlier can be it.</param>
    /// <param name="cancellationToken">Cancels the question.</param>
    /// <returns>The provider's message id, or null when the provider has no trace of it.</returns>
    /// <exception cref="ProviderUnavailableException">The provider could not be asked now.</exception>
    Task<string?> FindSentAsync(OutgoingSms sms, DateTimeOffset claimedUtc, CancellationToken cancellationToken);
}
