using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>Caps the submissions to each form source, per client address and in all, and the confirmation messages to each recipient, with counters in the FormCounters table that every instance shares.</summary>
/// <remarks>
/// Windows are fixed and aligned to the clock (an hour-long window runs from one full hour to the next), so every instance
/// agrees on them without talking to the others. Each source has one row for its total and one per client address, keyed
/// by the SHA-256 of the address, so no address is stored; a row is reset in place when its window has passed, so rows
/// never pile up per window. Every change is a read, then a write conditional on the ETag read: two instances that count
/// at once cannot both win, and the loser counts again. A submission that still loses after <see cref="MaxAttempts"/>
/// is refused for a second rather than let through uncounted.
/// The client is <c>HttpContext.Connection.RemoteIpAddress</c>: behind a proxy the host must apply the forwarded headers
/// first (the Functions ASP.NET Core integration does). IPv6 clients are counted per /64, the block one subscriber usually holds.
/// </remarks>
public sealed class FormRateCap(FollowUpStorage storage, TimeProvider time, IOptions<FollowUpOptions> options)
{
    /// <summary>How often a count is tried again after another instance changed the row first.</summary>
    public const int MaxAttempts = 8;

    /// <summary>The row key of a source's total.</summary>
    internal const string SourceRow = "source";

    /// <summary>The partition of the counts per recipient, which no source id can take (ids cannot start with <c>~</c>).</summary>
    internal const string RecipientsPartition = "~recipients";

    private static readonly TimeSpan Contended = TimeSpan.FromSeconds(1);

    private readonly TableClient table = storage.Table(StorageNames.FormCountersTable);

    /// <summary>Counts a submission from <paramref name="client"/> to <paramref name="sourceId"/>; returns null when it is within both caps, otherwise how long until the window that is full ends.</summary>
    public async Task<TimeSpan?> TryTakeAsync(string sourceId, IPAddress? client, CancellationToken cancellationToken)
    {
        var forms = options.Value.Forms;
        return await TryCountAsync(sourceId, ClientRow(client), forms.PerClient, cancellationToken)
            ?? await TryCountAsync(sourceId, SourceRow, forms.PerSource, cancellationToken);
    }

    /// <summary>Counts a confirmation message to the address with this <see cref="Contacts.AddressKey"/>, across every form source; returns null when it is within <see cref="FormsOptions.PerRecipient"/>, otherwise how long until its window ends.</summary>
    public Task<TimeSpan?> TryTakeRecipientAsync(string addressKey, CancellationToken cancellationToken) =>
        TryCountAsync(RecipientsPartition, addressKey, options.Value.Forms.PerRecipient, cancellationToken);

    /// <summary>The row key of a client: <c>client-</c> and the SHA-256 of the address as <see cref="ClientKey"/> counts it.</summary>
    internal static string ClientRow(IPAddress? client) =>
        "client-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ClientKey(client))));

    /// <summary>The address as counted: IPv4 as is (also when mapped into IPv6), IPv6 by its /64 prefix.</summary>
    internal static string ClientKey(IPAddress? client)
    {
        if (client is null)
        {
            return "unknown";
        }

        if (client.IsIPv4MappedToIPv6)
        {
            return client.MapToIPv4().ToString();
        }

        if (client.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return client.ToString();
        }

        var bytes = client.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private async Task<TimeSpan?> TryCountAsync(string sourceId, string rowKey, RateLimit limit, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var windowStart = new DateTimeOffset(now.UtcTicks - now.UtcTicks % limit.Window.Ticks, TimeSpan.Zero);
            var existing = await table.GetEntityIfExistsAsync<FormCounterRow>(sourceId, rowKey, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    await table.AddEntityAsync(Counter(sourceId, rowKey, windowStart, 1), cancellationToken);
                    return null;
                }

                var row = existing.Value!;
                var count = row.WindowStartUtc == windowStart ? row.Count : 0;
                if (count >= limit.Count)
                {
                    return windowStart + limit.Window - now;
                }

                await table.UpdateEntityAsync(Counter(sourceId, rowKey, windowStart, count + 1), row.ETag, TableUpdateMode.Replace, cancellationToken);
                return null;
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412)
            {
                // Another instance counted first: the next attempt reads its count.
            }
        }

        return Contended;
    }

    private static FormCounterRow Counter(string sourceId, string rowKey, DateTimeOffset windowStart, int count) =>
        new() { PartitionKey = sourceId, RowKey = rowKey, WindowStartUtc = windowStart, Count = count };
}
