using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.OptOuts;

/// <summary>The OptOuts table: addresses that must never be messaged again, keyed like the contact index.</summary>
public sealed class OptOutStore(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.OptOutsTable);

    /// <summary>Whether the address with this <see cref="AddressKey"/> has opted out.</summary>
    public async Task<bool> IsOptedOutAsync(string addressKey, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(addressKey, "", ["PartitionKey"], cancellationToken)).HasValue;

    /// <summary>The opt-out of the address with this <see cref="AddressKey"/>, or null when it has not opted out.</summary>
    public async Task<OptOut?> FindAsync(string addressKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(addressKey, "", cancellationToken: cancellationToken);
        return row.HasValue ? new OptOut(row.Value!.GetString("Source"), row.Value.GetDateTimeOffset("OptedOutUtc") ?? default) : null;
    }

    /// <summary>Records an opt-out; recording it again keeps the first.</summary>
    /// <param name="addressKey">The address's <see cref="AddressKey"/>.</param>
    /// <param name="source">Who said so, such as <c>twilio:21610</c>.</param>
    /// <param name="at">When it was learnt.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task AddAsync(string addressKey, string source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(addressKey, "") { ["Source"] = source, ["OptedOutUtc"] = at }, cancellationToken);
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

/// <summary>That an address opted out: who said so (<c>sms:STOP</c>, <c>unsubscribe</c>, <c>bounce</c>, <c>provider</c>, <c>reply</c>) and when.</summary>
public sealed record OptOut(string Source, DateTimeOffset OptedOutUtc);
