namespace FollowUp.Engine.Channels;

/// <summary>The provider refused a message because of a rate limit (429); nothing was sent, and the send is tried again after <see cref="RetryAfter"/>.</summary>
public sealed class ProviderThrottledException(string message, TimeSpan? retryAfter) : Exception(message)
{
    /// <summary>How long the provider asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
