using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Limits;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dispatch;

/// <summary>Sends a step under a claim this worker holds, and completes the claim with the outcome.</summary>
/// <remarks>
/// A heartbeat renews the claim while the provider works. An outcome that may have left the message with the provider
/// (an outage, an unexpected error) ends the lease instead of giving the claim back, so the retry asks the provider first.
/// A send under way when an erasure removed its claim records nothing and removes its outbox copy.
/// </remarks>
public sealed class StepSender(
    SendClaims claims,
    SendClaimant claimant,
    StepChannels channels,
    SendRateLimiter limiter,
    StepQueue queue,
    OptOutStore optOuts,
    TimelineStore timeline,
    ContactStore contacts,
    TimeProvider time,
    IOptions<FollowUpOptions> options,
    ILogger<StepSender> logger)
{
    /// <summary>How long to hold a channel after a 429 that gave no Retry-After.</summary>
    private static readonly TimeSpan DefaultThrottleWait = TimeSpan.FromSeconds(30);

    /// <summary>Completes a held claim as skipped without sending.</summary>
    /// <returns>The completed claim, or null when another worker took it over.</returns>
    public Task<SendClaim?> SkipAsync(SendClaim claim, string reason, CancellationToken cancellationToken) =>
        claims.CompleteAsync(claim, ClaimStatus.Skipped, time.GetUtcNow(), null, reason, cancellationToken);

    /// <summary>Sends under a held claim and completes the claim.</summary>
    /// <returns>The completed claim, to be recorded; null when the send went back on the queue to wait, another worker took the claim over, or an erasure removed it.</returns>
    public async Task<SendClaim?> SendAsync(Enrollment enrollment, PreparedSend prepared, SendClaim claim, StepMessage message, CancellationToken cancellationToken)
    {
        if (prepared.SkipReason is { } reason)
        {
            return await SkipAsync(claim, reason, cancellationToken);
        }

        if (prepared.FailReason is { } failure)
        {
            // Sending again cannot help: the template fails for this contact's data, so the step fails for good.
            logger.LogWarning("{StepId} of {EnrollmentId} failed: {Reason}", claim.Key.StepId, claim.Key.EnrollmentId, failure);
            return await claims.CompleteAsync(claim, ClaimStatus.Failed, time.GetUtcNow(), null, failure, cancellationToken);
        }

        var heartbeat = SendClaimHeartbeat.Start(claims, claim, options.Value.SendLease, time, logger);
        try
        {
            var result = await SendHeldAsync(prepared, claim, heartbeat, cancellationToken);
            return result.Kind switch
            {
                SendResultKind.Sent => await CompleteSentAsync(enrollment, prepared, heartbeat.Claim, result.ProviderMessageId!, cancellationToken),
                SendResultKind.Refused => await RefusedAsync(heartbeat.Claim, result.Reason!, cancellationToken),
                SendResultKind.OptedOut => await OptedOutAsync(prepared, heartbeat.Claim, result.Reason!, cancellationToken),
                SendResultKind.Throttled => await ThrottledAsync(prepared, heartbeat.Claim, message, result.RetryAfter, cancellationToken),
                _ => await claimant.SettleOutageAsync(prepared, heartbeat.Claim, message, result.Reason!, cancellationToken),
            };
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The unforeseen: the provider may or may not have accepted it, so end the lease and the retry asks before sending again.
            await claims.ReleaseAsync(heartbeat.Claim, time.GetUtcNow(), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Completes the claim as sent; a claim an erasure removed meanwhile records nothing, and its outbox copy goes.</summary>
    private async Task<SendClaim?> CompleteSentAsync(Enrollment enrollment, PreparedSend prepared, SendClaim claim, string providerMessageId, CancellationToken cancellationToken)
    {
        var key = claim.Key;
        logger.LogInformation("Sent {StepId} of {EnrollmentId} by {Channel}", key.StepId, key.EnrollmentId, prepared.Channel);
        var sent = await claims.CompleteAsync(claim, ClaimStatus.Sent, time.GetUtcNow(), providerMessageId, null, cancellationToken);
        if (sent is null && await contacts.GetAsync(enrollment.ContactId, cancellationToken) is null)
        {
            // The contact was erased while the message was with the provider, claim and all: record nothing, and keep no outbox copy.
            logger.LogWarning("{StepId} of {EnrollmentId} was sent while its contact was being erased; nothing is recorded", key.StepId, key.EnrollmentId);
            channels.DiscardCopy(key);
        }

        return sent;
    }

    private async Task<SendClaim?> RefusedAsync(SendClaim claim, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("The provider refused {StepId} of {EnrollmentId}: {Reason}", claim.Key.StepId, claim.Key.EnrollmentId, reason);
        return await claims.CompleteAsync(claim, ClaimStatus.Failed, time.GetUtcNow(), null, reason, cancellationToken);
    }

    /// <summary>Adds the recipient to the opt-out list and skips the step; the opt-out is stored before the claim ends, so a crash in between repeats it.</summary>
    private async Task<SendClaim?> OptedOutAsync(PreparedSend prepared, SendClaim claim, string reason, CancellationToken cancellationToken)
    {
        var key = claim.Key;
        logger.LogWarning("The recipient of {StepId} of {EnrollmentId} has opted out with the provider: {Reason}", key.StepId, key.EnrollmentId, reason);
        var addressKey = prepared.Email is { } optedOut ? AddressKey.Email(optedOut.To) : AddressKey.Phone(prepared.Sms!.To);
        await optOuts.AddAsync(addressKey, "provider", time.GetUtcNow(), cancellationToken);
        await timeline.AddAsync(key.EnrollmentId, new TimelineEvent(time.GetUtcNow(), TimelineEventKind.OptedOut, key.StepId, reason), cancellationToken);
        return await claims.CompleteAsync(claim, ClaimStatus.Skipped, time.GetUtcNow(), null, reason, cancellationToken);
    }

    /// <summary>Holds the channel for the wait the provider asked for and tries again then, as a new message.</summary>
    /// <remarks>
    /// This request sent nothing, but an earlier try of it whose answer was lost may have: the lease ends rather than the
    /// claim being given back, so the retry asks the provider first and repeats the same request.
    /// </remarks>
    private async Task<SendClaim?> ThrottledAsync(PreparedSend prepared, SendClaim claim, StepMessage message, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var wait = retryAfter is { } asked && asked > TimeSpan.Zero ? asked : DefaultThrottleWait;
        logger.LogWarning("The provider throttled {StepId} of {EnrollmentId}; retrying in {Wait}", claim.Key.StepId, claim.Key.EnrollmentId, wait);
        await claims.ReleaseAsync(claim, time.GetUtcNow(), CancellationToken.None);
        await limiter.PauseAsync(prepared.Channel, time.GetUtcNow() + wait, cancellationToken);
        await queue.EnqueueAsync(message.AfterThrottling(), wait, cancellationToken);
        return null;
    }

    /// <summary>Sends through the step's channel while <paramref name="heartbeat"/> renews the claim; the renewals have stopped when this returns or throws.</summary>
    private async Task<SendResult> SendHeldAsync(PreparedSend prepared, SendClaim claim, SendClaimHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        try
        {
            return await channels.SendAsync(prepared, claim, cancellationToken);
        }
        finally
        {
            await heartbeat.StopAsync();
        }
    }
}
