namespace FollowUp.Engine.Channels;

/// <summary>Delivers emails.</summary>
public interface IEmailChannel
{
    /// <summary>Hands the email to the provider and returns its answer: sent with the provider's message id, refused, throttled or unavailable.</summary>
    /// <remarks>An exception means the unforeseen: whether the provider accepted the email is then unknown.</remarks>
    Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);

    /// <summary>Asks the provider whether this email was already accepted, after a crash or an error left the outcome unknown.</summary>
    /// <param name="email">The email as it would be sent again.</param>
    /// <param name="claimedUtc">When the uncertain attempt was claimed; nothing earlier can be it.</param>
    /// <param name="cancellationToken">Cancels the question.</param>
    /// <returns>The provider's message id, or null when the provider has no trace of it.</returns>
    /// <exception cref="ProviderUnavailableException">The provider could not be asked now.</exception>
    Task<string?> FindSentAsync(OutgoingEmail email, DateTimeOffset claimedUtc, CancellationToken cancellationToken);
}
