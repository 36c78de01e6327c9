namespace FollowUp.Engine.Channels;

/// <summary>The provider could not be reached, timed out or failed (5xx) after the HTTP retries; whether it accepted the message is unknown.</summary>
public sealed class ProviderUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
