using FollowUp.Engine.Channels;
using FollowUp.Engine.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dispatch;

/// <summary>Takes the claim on a send, and settles a claim whose outcome is unknown by asking the provider before anything is sent again.</summary>
/// <remarks>
/// A claim whose worker died is taken over only after its lease ended and the provider said it has no trace of the send;
/// while the provider cannot be asked, nothing is sent and the message waits on the queue as for an outage.
/// </remarks>
public sealed class SendClaimant(SendClaims claims, StepChannels channels, StepQueue queue, TimeProvider time, IOptions<FollowUpOptions> options, ILogger<SendClaimant> logger)
{
    /// <summary>Reads the claim on a send, or null.</summary>
    public Task<SendClaim?> GetAsync(SendKey key, CancellationToken cancellationToken) => claims.GetAsync(key, cancellationToken);

    /// <summary>Claims the send, or settles the claim already there.</summary>
    /// <returns>The claim this worker now holds (<see cref="ClaimStatus.Sending"/>); an ended claim, whose outcome is to be recorded; or null when the message went back on the queue, or another worker holds the claim.</returns>
    public async Task<SendClaim?> ClaimAsync(SendKey key, PreparedSend prepared, StepMessage message, CancellationToken cancellationToken)
    {
        var lease = options.Value.SendLease;
        var (acquired, claim) = await claims.TryAcquireAsync(key, time.GetUtcNow(), lease, cancellationToken);
        if (acquired || claim.Status != ClaimStatus.Sending)
        {
            return claim;
        }

        var now = time.GetUtcNow();
        if (now < claim.LeaseUntilUtc)
        {
            logger.LogInformation("{StepId} of {EnrollmentId} is being sent by another worker; checking again after its lease", key.StepId, key.EnrollmentId);
            await queue.EnqueueAsync(message, claim.LeaseUntilUtc - now + TimeSpan.FromSeconds(1), cancellationToken);
            return null;
        }

        string? providerMessageId;
        try
        {
            providerMessageId = await channels.FindSentAsync(prepared, claim, cancellationToken);
        }
        catch (ProviderUnavailableException exception)
        {
            // Without the provider's answer nothing may be sent: ask again later.
            await RequeueAfterOutageAsync(message, (message.Attempt ?? 0) + 1, exception.Message, cancellationToken);
            return null;
        }

        if (providerMessageId is not null)
        {
            logger.LogWarning("{StepId} of {EnrollmentId} had been sent before a crash; recording it without sending again", key.StepId, key.EnrollmentId);
            return await claims.CompleteAsync(claim, ClaimStatus.Sent, now, providerMessageId, null, cancellationToken);
        }

        (acquired, claim) = await claims.TryTakeOverAsync(claim, now, lease, cancellationToken);
        if (acquired)
        {
            return claim;
        }

        await queue.EnqueueAsync(message, lease, cancellationToken);
        return null;
    }

    /// <summary>After the provider was unavailable: ends the lease and tries again later as a new message, or, after the last attempt, asks the provider and fails the step if it has no trace of it.</summary>
    /// <returns>The claim as completed, to be recorded; null when the message went back on the queue, or another worker took the claim over.</returns>
    public async Task<SendClaim?> SettleOutageAsync(PreparedSend prepared, SendClaim claim, StepMessage message, string reason, CancellationToken cancellationToken)
    {
        var attempt = (message.Attempt ?? 0) + 1;
        claim = await claims.ReleaseAsync(claim, time.GetUtcNow(), CancellationToken.None);
        if (RetryPolicy.ProviderOutage.CanRetry(attempt))
        {
            await RequeueAfterOutageAsync(message, attempt, reason, cancellationToken);
            return null;
        }

        // The last attempt may have reached the provider all the same: ask before giving up.
        string? providerMessageId;
        try
        {
            providerMessageId = await channels.FindSentAsync(prepared, claim, cancellationToken);
        }
        catch (ProviderUnavailableException)
        {
            await RequeueAfterOutageAsync(message, attempt, reason, cancellationToken);
            return null;
        }

        if (providerMessageId is not null)
        {
            return await claims.CompleteAsync(claim, ClaimStatus.Sent, time.GetUtcNow(), providerMessageId, null, cancellationToken);
        }

        logger.LogError("Gave up on {StepId} of {EnrollmentId} after {Attempts} attempts: {Reason}", claim.Key.StepId, claim.Key.EnrollmentId, attempt, reason);
        return await claims.CompleteAsync(claim, ClaimStatus.Failed, time.GetUtcNow(), null,
            $"The provider was unavailable for {attempt} attempts: {reason}", cancellationToken);
    }

    /// <summary>Puts the message back with the attempt count, after the wait <see cref="RetryPolicy.ProviderOutage"/> gives.</summary>
    private async Task RequeueAfterOutageAsync(StepMessage message, int attempt, string reason, CancellationToken cancellationToken)
    {
        var delay = RetryPolicy.ProviderOutage.DelayAfter(attempt);
        logger.LogWarning("The provider is unavailable for {StepId} of {EnrollmentId} (attempt {Attempt}): {Reason}; retrying in {Delay}",
            message.StepId, message.EnrollmentId, attempt, reason, delay);
        await queue.EnqueueAsync(message.AfterOutage(attempt), delay, cancellationToken);
    }
}
