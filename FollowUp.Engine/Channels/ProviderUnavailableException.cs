namespace FollowUp.Engine.Channels;

/// <summary>The provider could not be reached, timed out or failed (5xx) after the HTTP retries, when asked about a message (<see cref="IEmailChannel.FindSentAsync"/>, <see cref="IDeliveryTracker.GetDeliveryAsync"/>); a send reports it as <see cref="SendResultKind.Unavailable"/>.</summary>
public sealed class ProviderUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
