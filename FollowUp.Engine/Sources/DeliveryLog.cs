using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources;

/// <summary>The SourceDeliveries table: which delivery ids a source has acted on, so that a repeated delivery does nothing.</summary>
/// <remarks>
/// A delivery is claimed before it is acted on and marked done after; a failed one gives its claim back, so the sender's
/// retry is acted on. A claim left by a crashed worker counts as given back after <see cref="ClaimTimeout"/>.
/// Row keys are the SHA-256 of the delivery id, since senders' ids may hold characters keys cannot.
/// </remarks>
public sealed class DeliveryLog(FollowUpStorage storage, TimeProvider time)
{
    /// <summary>How long a claimed delivery may be in progress before a repeat may act on it instead.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    private readonly TableClient table = storage.Table(StorageNames.SourceDeliveriesTable);

    /// <summary>Claims the delivery; false when it was acted on already or is being acted on now.</summary>
    public async Task<(bool Claimed, ETag ETag)> TryClaimAsync(string sourceId, string deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = new DeliveryClaimRow { PartitionKey = sourceId, RowKey = Key(deliveryId), Done = false, ClaimedUtc = now };
        try
        {
            var added = await table.AddEntityAsync(row, cancellationToken);
            return (true, added.Headers.ETag ?? default);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var existing = await table.GetEntityIfExistsAsync<DeliveryClaimRow>(sourceId, Key(deliveryId), cancellationToken: cancellationToken);
            if (!existing.HasValue || existing.Value!.Done || existing.Value.ClaimedUtc > now - ClaimTimeout)
            {
                return (false, default);
            }

            try
            {
                var taken = await table.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return (true, taken.Headers.ETag ?? default);
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                return (false, default);
            }
        }
    }

    /// <summary>Marks a claimed delivery as acted on.</summary>
    public async Task CompleteAsync(string sourceId, string deliveryId, CancellationToken cancellationToken) =>
        await table.UpdateEntityAsync(
            new DeliveryClaimRow { PartitionKey = sourceId, RowKey = Key(deliveryId), Done = true, ClaimedUtc = time.GetUtcNow() }, ETag.All, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Gives a claim back after the delivery failed, so that the sender's retry is acted on.</summary>
    public async Task ReleaseAsync(string sourceId, string deliveryId, ETag etag)
    {
        try
        {
            await table.DeleteEntityAsync(sourceId, Key(deliveryId), etag, CancellationToken.None);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            // Another attempt took the claim over after it timed out; it decides now.
        }
    }

    private static string Key(string deliveryId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(deliveryId)));
}
