using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Dispatch;

/// <summary>Keeps a held send claim's lease alive while its send is in progress, renewing it every third of the lease.</summary>
/// <remarks>
/// The claim's lease can then be short (<c>FollowUp:SendLease</c>): a worker that died stops renewing and its claim can be
/// taken over within one lease, while a slow send of a live worker keeps its claim however long it takes. A lease that
/// already ran out is not renewed, since another worker may be taking it over; the renewal is conditional on the holder's
/// ETag, so it never revives a claim another worker took.
/// </remarks>
public sealed class SendClaimHeartbeat
{
    private readonly SendClaims claims;
    private readonly TimeSpan lease;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private SendClaim claim;

    private SendClaimHeartbeat(SendClaims claims, SendClaim claim, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        this.claims = claims;
        this.claim = claim;
        this.lease = lease;
        this.time = time;
        this.logger = logger;
        running = RenewAsync();
    }

    /// <summary>Starts renewing <paramref name="claim"/>, which this worker holds, for <paramref name="lease"/> at a time.</summary>
    public static SendClaimHeartbeat Start(SendClaims claims, SendClaim claim, TimeSpan lease, TimeProvider time, ILogger logger) =>
        new(claims, claim, lease, time, logger);

    /// <summary>The claim as this worker last stored it, with its ETag: the one to complete once <see cref="StopAsync"/> returned.</summary>
    public SendClaim Claim => claim;

    /// <summary>Stops renewing, and waits for a renewal in progress to end.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }

    private async Task RenewAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(lease / 3, time, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = time.GetUtcNow();
            if (now >= claim.LeaseUntilUtc)
            {
                logger.LogWarning("The claim on {StepId} of {EnrollmentId} ran out before it could be renewed; another worker may take it over",
                    claim.Key.StepId, claim.Key.EnrollmentId);
                return;
            }

            try
            {
                // Not cancelled halfway: a renewal that was stored but not answered would leave this worker an old ETag.
                var (renewed, stored) = await claims.RenewAsync(claim, now, lease, CancellationToken.None);
                if (!renewed)
                {
                    return;
                }

                claim = stored;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not renew the claim on {StepId} of {EnrollmentId}; trying again", claim.Key.StepId, claim.Key.EnrollmentId);
            }
        }
    }
}
