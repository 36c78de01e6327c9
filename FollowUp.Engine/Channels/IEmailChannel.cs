namespace FollowUp.Engine.Channels;

/// <summary>Delivers emails.</summary>
public interface IEmailChannel
{
    /// <summary>Hands the email to the provider and returns the provider's message id.</summary>
    /// <exception cref="PermanentSendException">The provider refused the email for good; retrying would not help.</exception>
    /// <exception cref="ProviderThrottledException">The provider asked to slow down; nothing was sent.</exception>
    /// <exception cref="ProviderUnavailableException">The provider could not be reached or failed; the email may or may not have been accepted.</exception>
    Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);

    /// <summary>Asks the provider whether this email was already accepted, after a crash or an error left the outcome unknown.</summary>
    /// <param name="email">The email as it would be sent again.</param>
    /// <param name="claimedUtc">When the uncertain attempt was claimed; nothing earlier can be it.</param>
    /// <param name="cancellationToken">Cancels the question.</param>
    /// <returns>The provider's message id, or null when the provider has no trace of it.</returns>
    Task<string?> FindSentAsync(OutgoingEmail email, DateTimeOffset claimedUtc, CancellationToken cancellationToken);
}
