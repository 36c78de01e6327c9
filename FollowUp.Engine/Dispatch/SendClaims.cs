using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Dispatch;

/// <summary>The Sends table: a conditional insert per (enrollment, step) before anything is sent.</summary>
/// <remarks>
/// Every change after the insert is conditional on the ETag the holder got, so a worker whose lease ran out and was
/// taken over writes nothing over the worker that holds the claim now.
/// </remarks>
public sealed class SendClaims(FollowUpStorage storage, ILogger<SendClaims> logger)
{
    /// <summary>How long after its first attempt a send is still repeated as the same request, with the same first-sent time.</summary>
    /// <remarks>
    /// ACS tracks a repeatable request for 5 minutes after its <c>Repeatability-First-Sent</c> and refuses an older one
    /// with 412; a minute is kept in hand for clock skew and the request's own time. A later attempt is a new request,
    /// made only after the provider said it has no trace of the earlier one.
    /// </remarks>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(4);

    private readonly TableClient table = storage.Table(StorageNames.SendsTable);

    /// <summary>Claims the send; when a claim already exists, returns it instead.</summary>
    public async Task<(bool Acquired, SendClaim Claim)> TryAcquireAsync(SendKey key, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claim = new SendClaim(key, ClaimStatus.Sending, now, now + lease, null, null, null, default, WholeSeconds(now));
        try
        {
            var response = await table.AddEntityAsync(SendClaimRow.From(claim), cancellationToken);
            return (true, claim with { ETag = response.Headers.ETag ?? default });
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return (false, await GetAsync(key, cancellationToken) ?? throw new InvalidOperationException("A claim vanished while it was read."));
        }
    }

    /// <summary>Takes over a claim whose lease ended, after the provider said it has no trace of the send; false when another worker changed it first.</summary>
    /// <remarks>
    /// Within <see cref="RepeatWindow"/> of the earlier attempt the first-sent time is kept, so that a provider still working
    /// on that attempt sees a repeat of it; later, the send starts afresh.
    /// </remarks>
    public async Task<(bool Acquired, SendClaim Claim)> TryTakeOverAsync(SendClaim expired, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var firstSent = now - expired.FirstSentUtc < RepeatWindow ? expired.FirstSentUtc : WholeSeconds(now);
        var claim = expired with { Status = ClaimStatus.Sending, ClaimedUtc = now, LeaseUntilUtc = now + lease, FirstSentUtc = firstSent };
        return await TryReplaceAsync(claim, cancellationToken);
    }

    /// <summary>Records how the send ended, if <paramref name="claim"/> is still the stored one; null when another worker took the claim over.</summary>
    /// <remarks>The worker that took over decides the outcome then; it asks the provider before sending, so nothing is lost or sent twice.</remarks>
    public async Task<SendClaim?> CompleteAsync(SendClaim claim, ClaimStatus status, DateTimeOffset now, string? providerMessageId, string? detail, CancellationToken cancellationToken)
    {
        var (completed, stored) = await TryReplaceAsync(claim with { Status = status, CompletedUtc = now, ProviderMessageId = providerMessageId, Detail = detail }, cancellationToken);
        if (!completed)
        {
            logger.LogWarning("The claim on {StepId} of {EnrollmentId} was taken over after its lease ended; its outcome {Status} is left to the worker holding it",
                claim.Key.StepId, claim.Key.EnrollmentId, status);
            return null;
        }

        return stored;
    }

    /// <summary>Extends the lease of a claim this worker holds to <paramref name="now"/> plus <paramref name="lease"/>; false when another worker changed the claim first.</summary>
    /// <remarks>Conditional on the holder's ETag, as every change after the insert is, so a renewal never revives a claim another worker took over.</remarks>
    public Task<(bool Renewed, SendClaim Claim)> RenewAsync(SendClaim claim, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        TryReplaceAsync(claim with { LeaseUntilUtc = now + lease }, cancellationToken);

    /// <summary>Ends the lease at once after an error, so that the retry asks the provider before sending again; returns the claim as now stored, with its new ETag.</summary>
    public async Task<SendClaim> ReleaseAsync(SendClaim claim, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await TryReplaceAsync(claim with { LeaseUntilUtc = now }, cancellationToken)).Claim;

    /// <summary>Removes a claim that ended Failed, so that an operator's replay of the step sends afresh; a claim changed since it was read is left to its new holder.</summary>
    public async Task WithdrawAsync(SendClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(claim.Key.EnrollmentId, claim.Key.StepId, claim.ETag, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            // Another worker took the claim over; it decides now.
        }
    }

    /// <summary>Reads a claim, or null.</summary>
    public async Task<SendClaim?> GetAsync(SendKey key, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<SendClaimRow>(key.EnrollmentId, key.StepId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToClaim() : null;
    }

    /// <summary>The instant without its fraction of a second, as an HTTP date carries it.</summary>
    internal static DateTimeOffset WholeSeconds(DateTimeOffset instant) => instant.AddTicks(-(instant.UtcTicks % TimeSpan.TicksPerSecond));

    private async Task<(bool Replaced, SendClaim Claim)> TryReplaceAsync(SendClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(SendClaimRow.From(claim), claim.ETag, TableUpdateMode.Replace, cancellationToken);
            return (true, claim with { ETag = response.Headers.ETag ?? default });
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return (false, claim);
        }
    }
}
