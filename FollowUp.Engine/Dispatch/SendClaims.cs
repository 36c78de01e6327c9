using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Dispatch;

/// <summary>The Sends table: a conditional insert per (enrollment, step) before anything is sent.</summary>
public sealed class SendClaims(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.SendsTable);

    /// <summary>Claims the send; when a claim already exists, returns it instead.</summary>
    public async Task<(bool Acquired, SendClaim Claim)> TryAcquireAsync(SendKey key, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claim = new SendClaim(key, ClaimStatus.Sending, now, now + lease, null, null, null, default);
        try
        {
            var response = await table.AddEntityAsync(ToEntity(claim), cancellationToken);
            return (true, claim with { ETag = response.Headers.ETag ?? default });
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return (false, await GetAsync(key, cancellationToken) ?? throw new InvalidOperationException("A claim vanished while it was read."));
        }
    }

    /// <summary>Takes over a claim whose lease ended; false when another worker changed it first.</summary>
    public async Task<(bool Acquired, SendClaim Claim)> TryTakeOverAsync(SendClaim expired, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claim = expired with { Status = ClaimStatus.Sending, ClaimedUtc = now, LeaseUntilUtc = now + lease };
        return await TryReplaceAsync(claim, cancellationToken);
    }

    /// <summary>Records how the send ended.</summary>
    public async Task<SendClaim> CompleteAsync(SendClaim claim, ClaimStatus status, DateTimeOffset now, string? providerMessageId, string? detail, CancellationToken cancellationToken)
    {
        var completed = claim with { Status = status, CompletedUtc = now, ProviderMessageId = providerMessageId, Detail = detail };
        await table.UpdateEntityAsync(ToEntity(completed), ETag.All, TableUpdateMode.Replace, cancellationToken);
        return completed;
    }

    /// <summary>Ends the lease at once after an error, so that the retry asks the provider before sending again.</summary>
    public async Task ReleaseAsync(SendClaim claim, DateTimeOffset now, CancellationToken cancellationToken) =>
        await TryReplaceAsync(claim with { LeaseUntilUtc = now }, cancellationToken);

    /// <summary>Removes a claim whose send the provider refused before accepting anything (a 429), so that the retry starts afresh.</summary>
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
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(key.EnrollmentId, key.StepId, cancellationToken: cancellationToken);
        return entity.HasValue ? ToClaim(entity.Value!) : null;
    }

    private async Task<(bool, SendClaim)> TryReplaceAsync(SendClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(claim), claim.ETag, TableUpdateMode.Replace, cancellationToken);
            return (true, claim with { ETag = response.Headers.ETag ?? default });
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return (false, claim);
        }
    }

    private static TableEntity ToEntity(SendClaim claim) => new(claim.Key.EnrollmentId, claim.Key.StepId)
    {
        ["Status"] = claim.Status.ToString(),
        ["ClaimedUtc"] = claim.ClaimedUtc,
        ["LeaseUntilUtc"] = claim.LeaseUntilUtc,
        ["ProviderMessageId"] = claim.ProviderMessageId,
        ["Detail"] = claim.Detail,
        ["CompletedUtc"] = claim.CompletedUtc,
    };

    private static SendClaim ToClaim(TableEntity entity) => new(
        new SendKey(entity.PartitionKey, entity.RowKey),
        Enum.Parse<ClaimStatus>(entity.GetString("Status")),
        entity.GetDateTimeOffset("ClaimedUtc") ?? default,
        entity.GetDateTimeOffset("LeaseUntilUtc") ?? default,
        entity.GetString("ProviderMessageId"),
        entity.GetString("Detail"),
        entity.GetDateTimeOffset("CompletedUtc"),
        entity.ETag);
}
