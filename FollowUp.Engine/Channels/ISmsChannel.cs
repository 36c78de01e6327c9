namespace FollowUp.Engine.Channels;

/// <summary>Delivers text messages.</summary>
public interface ISmsChannel
{
    /// <summary>Hands the message to the provider and returns the provider's message id.</summary>
    /// <exception cref="PermanentSendException">The provider refused the message for good; retrying would not help.</exception>
    Task<string> SendAsync(OutgoingSms sms, CancellationToken cancellationToken);

    /// <summary>Asks the provider whether this send was already accepted, after a crash left its outcome unknown.</summary>
    /// <returns>The provider's message id, or null when the provider has no trace of it.</returns>
    Task<string?> FindSentAsync(SendKey key, string to, DateTimeOffset claimedUtc, CancellationToken cancellationToken);
}
