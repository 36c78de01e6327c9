namespace FollowUp.Engine.Channels;

/// <summary>A provider's answer to a send: sent with the provider's message id, or why not.</summary>
/// <remarks>
/// Every answer a provider gives in normal operation is a value; a channel throws only for the unforeseen (a bug, a
/// connection lost in a way it cannot classify), which the send path treats as an unknown outcome.
/// </remarks>
/// <param name="Kind">How the provider answered.</param>
/// <param name="ProviderMessageId">The provider's message id, when sent.</param>
/// <param name="Reason">Why not sent, fit for logs and the step's detail (no address, number or secret); null when sent.</param>
/// <param name="RetryAfter">How long the provider asked to wait, when it throttled and said.</param>
public sealed record SendResult(SendResultKind Kind, string? ProviderMessageId, string? Reason, TimeSpan? RetryAfter = null)
{
    /// <summary>The provider accepted the message as <paramref name="providerMessageId"/>.</summary>
    public static SendResult Sent(string providerMessageId) => new(SendResultKind.Sent, providerMessageId, null);

    /// <summary>The provider refused the message for good.</summary>
    public static SendResult Refused(string reason) => new(SendResultKind.Refused, null, reason);

    /// <summary>The recipient opted out with the provider.</summary>
    public static SendResult OptedOut(string reason) => new(SendResultKind.OptedOut, null, reason);

    /// <summary>The provider asked to slow down, for <paramref name="retryAfter"/> when it said.</summary>
    public static SendResult Throttled(string reason, TimeSpan? retryAfter) => new(SendResultKind.Throttled, null, reason, retryAfter);

    /// <summary>The provider could not take the message now; it may or may not have accepted it.</summary>
    public static SendResult Unavailable(string reason) => new(SendResultKind.Unavailable, null, reason);
}
