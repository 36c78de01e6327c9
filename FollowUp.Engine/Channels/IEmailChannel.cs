namespace FollowUp.Engine.Channels;

/// <summary>Delivers emails.</summary>
public interface IEmailChannel
{
    /// <summary>Hands the email to the provider and returns the provider's message id.</summary>
    /// <exception cref="PermanentSendException">The provider refused the email for good; retrying would not help.</exception>
    Task<string> SendAsync(OutgoingEmail email, CancellationToken cancellationToken);

    /// <summary>Asks the provider whether this send was already accepted, after a crash left its outcome unknown.</summary>
    /// <returns>The provider's message id, or null when the provider has no trace of it.</returns>
    Task<string?> FindSentAsync(SendKey key, DateTimeOffset claimedUtc, CancellationToken cancellationToken);
}
