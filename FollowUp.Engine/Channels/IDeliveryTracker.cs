namespace FollowUp.Engine.Channels;

/// <summary>A channel whose provider tells the final outcome of a send only when asked later (ACS Email's operations).</summary>
public interface IDeliveryTracker
{
    /// <summary>Asks the provider how an accepted message ended.</summary>
    /// <param name="providerMessageId">The id <c>SendAsync</c> returned.</param>
    /// <param name="cancellationToken">Cancels the question.</param>
    /// <returns>The outcome, or null while the provider is still working on it.</returns>
    /// <exception cref="ProviderUnavailableException">The provider could not be asked now.</exception>
    Task<DeliveryReport?> GetDeliveryAsync(string providerMessageId, CancellationToken cancellationToken);
}
