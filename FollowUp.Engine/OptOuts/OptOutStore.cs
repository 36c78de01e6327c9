using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.OptOuts;

/// <summary>The OptOuts table: addresses that must never be messaged again, keyed like the contact index.</summary>
/// <remarks>
/// The opt-out is the row with an empty row key (<see cref="OptOutRow"/>). The <see cref="OptInRow"/> of the same partition keeps the last time
/// an operator opted the address back in, and who: the proof that the person asked to hear from the business again
/// outlives the opt-out it ended. Neither row holds the address itself.
/// </remarks>
public sealed class OptOutStore(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.OptOutsTable);

    /// <summary>Whether the address with this <see cref="AddressKey"/> has opted out.</summary>
    public async Task<bool> IsOptedOutAsync(string addressKey, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<OptOutRow>(addressKey, "", [nameof(OptOutRow.PartitionKey)], cancellationToken)).HasValue;

    /// <summary>The opt-out of the address with this <see cref="AddressKey"/>, or null when it has not opted out.</summary>
    public async Task<OptOut?> FindAsync(string addressKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<OptOutRow>(addressKey, "", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToOptOut() : null;
    }

    /// <summary>The last recorded opt-in of the address with this <see cref="AddressKey"/>, or null when none was recorded.</summary>
    public async Task<OptIn?> FindOptInAsync(string addressKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<OptInRow>(addressKey, OptInRow.Key, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToOptIn() : null;
    }

    /// <summary>Records an opt-in, replacing the record of an earlier one; the opt-out itself is removed by <see cref="RemoveAsync"/>.</summary>
    public async Task RecordOptInAsync(string addressKey, OptIn optIn, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(OptInRow.From(addressKey, optIn), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Records an opt-out; recording it again keeps the first.</summary>
    /// <param name="addressKey">The address's <see cref="AddressKey"/>.</param>
    /// <param name="source">Who said so, such as <c>twilio:21610</c>.</param>
    /// <param name="at">When it was learnt.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task AddAsync(string addressKey, string source, DateTimeOffset at, CancellationToken cancellationToken) =>
        AddAsync(addressKey, source, at, null, cancellationToken);

    /// <summary>Records an opt-out that an operator made; recording it again keeps the first.</summary>
    /// <param name="addressKey">The address's <see cref="AddressKey"/>.</param>
    /// <param name="source">Who said so.</param>
    /// <param name="at">When it was learnt.</param>
    /// <param name="by">The operator who recorded it; null when no operator did.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task AddAsync(string addressKey, string source, DateTimeOffset at, string? by, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(OptOutRow.From(addressKey, new OptOut(source, at) { By = by }), cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 409)
        {
            // Already opted out.
        }
    }

    /// <summary>Forgets an opt-out, such as when the person texts START; forgetting one that is not there does nothing.</summary>
    /// <param name="addressKey">The address's <see cref="AddressKey"/>.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    public async Task RemoveAsync(string addressKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(addressKey, "", Azure.ETag.All, cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // Not opted out.
        }
    }
}

/// <summary>That an address opted out: who said so (<c>sms:STOP</c>, <c>unsubscribe</c>, <c>bounce</c>, <c>provider</c>, <c>reply</c>, <c>dashboard</c>) and when.</summary>
public sealed record OptOut(string Source, DateTimeOffset OptedOutUtc)
{
    /// <summary>The operator who recorded an opt-out made on the dashboard; null for the others.</summary>
    public string? By { get; init; }
}
