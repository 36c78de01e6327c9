using FollowUp.Engine.Channels;

namespace FollowUp.Engine.Dispatch;

/// <summary>The channels seen from the send path: sends a prepared step by its channel, and asks that channel's provider about an earlier attempt.</summary>
public sealed class StepChannels(IEmailChannel email, ISmsChannel sms, OutboxFolder outbox)
{
    /// <summary>Hands the prepared message to its channel, with the first-sent time of the attempt <paramref name="claim"/> repeats.</summary>
    /// <returns>The provider's answer.</returns>
    public Task<SendResult> SendAsync(PreparedSend prepared, SendClaim claim, CancellationToken cancellationToken) =>
        prepared.Email is { } outgoing
            ? email.SendAsync(outgoing with { FirstSentUtc = claim.FirstSentUtc }, cancellationToken)
            : sms.SendAsync(prepared.Sms!, cancellationToken);

    /// <summary>Asks the provider whether the attempt under <paramref name="claim"/> was accepted; the provider's message id, or null.</summary>
    /// <exception cref="ProviderUnavailableException">The provider could not be asked now.</exception>
    public async Task<string?> FindSentAsync(PreparedSend prepared, SendClaim claim, CancellationToken cancellationToken) => prepared switch
    {
        { Email: { } outgoing } => await email.FindSentAsync(outgoing, claim.ClaimedUtc, cancellationToken),
        { Sms: { } outgoing } => await sms.FindSentAsync(outgoing, claim.ClaimedUtc, cancellationToken),
        _ => null,
    };

    /// <summary>Removes the outbox copy of a send, if the outbox channels wrote one.</summary>
    public void DiscardCopy(SendKey key) => outbox.Remove(key.EnrollmentId, key.StepId);
}
