using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Limits;

/// <summary>Keeps each channel within its <see cref="SendRateLimits"/> across every worker, by reserving send slots in the RateLimits table.</summary>
/// <remarks>
/// Each channel has one row (PartitionKey = channel name, RowKey empty) holding its <see cref="SlotLog"/>, changed with
/// optimistic concurrency so that every instance of the app shares it. Within one instance the reservations of a channel
/// take turns, so a burst of workers does not make the instances' writes collide; the row last written is kept in memory
/// and tried first, which saves the read while one instance sends alone. A write refused because another instance
/// changed the row is retried at once after reading it again: the refusal means the other write succeeded, so the
/// table always moves on. Instants come from each instance's clock; a skew between clocks shifts the spacing of the
/// slots of two instances by that skew, and no more.
/// </remarks>
public sealed class SendRateLimiter(FollowUpStorage storage, SendRateLimits limits, TimeProvider time, ILogger<SendRateLimiter> logger)
{
    private readonly TableClient table = storage.Table(StorageNames.RateLimitsTable);
    private readonly ConcurrentDictionary<StepChannel, ChannelRow> rows = new();

    /// <summary>Reserves <paramref name="units"/> on the channel and returns when the send may go: now, or the first moment within every limit.</summary>
    /// <param name="channel">The channel that sends.</param>
    /// <param name="units">1 per email, the segment count of a text message.</param>
    /// <param name="cancellationToken">Cancels the reservation; nothing is reserved then.</param>
    /// <returns>The slot of the last unit; each call gets its own, in the order the calls reached the table.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is less than 1.</exception>
    public async Task<DateTimeOffset> ReserveAsync(StepChannel channel, int units, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        var channelLimits = limits.For(channel);
        if (channelLimits.Count == 0)
        {
            return time.GetUtcNow();
        }

        var slot = default(DateTimeOffset);
        var now = await ChangeAsync(channel, (log, now) => slot = log.Reserve(units, now, channelLimits), cancellationToken);
        if (slot > now)
        {
            logger.LogDebug("Reserved {Units} {Channel} units; the send waits {Wait} for its slot at {Slot}", units, channel, slot - now, slot);
        }

        return slot;
    }

    /// <summary>Holds every send on the channel until <paramref name="until"/>, after the provider answered 429 or Retry-After.</summary>
    /// <remarks>A channel without limits keeps no row, so there is nothing to hold: each throttled message waits on its own.</remarks>
    public async Task PauseAsync(StepChannel channel, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (limits.For(channel).Count > 0)
        {
            await ChangeAsync(channel, (log, _) => log.Pause(until), cancellationToken);
        }
    }

    /// <summary>Applies <paramref name="change"/> to the channel's log as of now and stores it; returns the now at which the stored change was made.</summary>
    private async Task<DateTimeOffset> ChangeAsync(StepChannel channel, Action<SlotLog, DateTimeOffset> change, CancellationToken cancellationToken)
    {
        var row = rows.GetOrAdd(channel, _ => new ChannelRow());
        await row.Turn.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var (log, etag) = row.LastWritten ?? await ReadAsync(channel, cancellationToken);
                row.LastWritten = null;
                var now = time.GetUtcNow();
                change(log, now);
                var (written, newETag) = await TryWriteAsync(channel, log, etag, cancellationToken);
                if (written)
                {
                    row.LastWritten = newETag is { } known ? (log, known) : null;
                    return now;
                }
            }
        }
        finally
        {
            row.Turn.Release();
        }
    }

    private async Task<(SlotLog Log, ETag ETag)> ReadAsync(StepChannel channel, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<RateLimitRow>(PartitionKey(channel), "", cancellationToken: cancellationToken);
        return response.HasValue ? (response.Value!.ToSlotLog(), response.Value.ETag) : (SlotLog.Empty(), default);
    }

    /// <summary>Adds the row (no ETag) or replaces it if unchanged since read; false when another writer came first.</summary>
    private async Task<(bool Written, ETag? ETag)> TryWriteAsync(StepChannel channel, SlotLog log, ETag etag, CancellationToken cancellationToken)
    {
        var entity = RateLimitRow.From(PartitionKey(channel), log);
        try
        {
            var response = etag == default
                ? await table.AddEntityAsync(entity, cancellationToken)
                : await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
            return (true, response.Headers.ETag);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            return (false, null);
        }
    }

    private static string PartitionKey(StepChannel channel) => channel switch
    {
        StepChannel.Email => "email",
        StepChannel.Sms => "sms",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a channel."),
    };

    /// <summary>One channel's turn-taking within this instance, and the row it last wrote.</summary>
    private sealed class ChannelRow
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public (SlotLog Log, ETag ETag)? LastWritten { get; set; }
    }
}
