namespace FollowUp.Engine.Channels;

/// <summary>Delivers text messages.</summary>
public interface ISmsChannel
{
    /// <summary>Hands the message to the provider and returns the provider's message id.</summary>
    /// <exception cref="PermanentSendException">The provider refused the message for good; retrying would not help.</exception>
    /// <exception cref="RecipientOptedOutException">The recipient has told the provider to stop; nothing was sent.</exception>
    /// <exception cref="ProviderThrottledException">The provider asked to slow down; nothing was sent.</exception>
    /// <exception cref="ProviderUnavailableException">The provider could not be reached or failed; the message may or may not have been accepted.</exception>
    Task<string> SendAsync(OutgoingSms sms, CancellationToken cancellationToken);

    /// <summary>Asks the provider whether this message was already accepted, after a crash or an error left the outcome unknown.</summary>
    /// <param name="sms">The message as it would be sent again.</param>
    /// <param name="claimedUtc">When the uncertain attempt was claimed; nothing earlier can be it.</param>
    /// <param name="cancellationToken">Cancels the question.</param>
    /// <returns>The provider's message id, or null when the provider has no trace of it.</returns>
    Task<string?> FindSentAsync(OutgoingSms sms, DateTimeOffset claimedUtc, CancellationToken cancellationToken);
}
