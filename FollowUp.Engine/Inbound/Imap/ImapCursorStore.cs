using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>The ImapCursors and ImapMessages tables: where reading each mailbox has got to, which message the pipeline is failing on, which were passed over, and which messages were handled.</summary>
/// <remarks>
/// A mailbox is keyed by a hash of its host, port, user and folder, so no address is stored; its partition of ImapCursors holds
/// three rows at most (<c>cursor</c>, <c>failure</c>, <c>skipped</c>). A handled message is keyed by a hash of its Message-ID
/// (of its bytes when it has none): UIDs change when the UIDVALIDITY does, a Message-ID does not. A row is about a hundred bytes
/// per message read, kept for <c>FollowUp:Retention:ImapMessages</c>.
/// </remarks>
public sealed class ImapCursorStore(FollowUpStorage storage)
{
    private readonly TableClient cursors = storage.Table(StorageNames.ImapCursorsTable);
    private readonly TableClient messages = storage.Table(StorageNames.ImapMessagesTable);

    /// <summary>The key of a mailbox folder: a hash of its host, port, user and folder name.</summary>
    public static string MailboxKey(ImapOptions options) =>
        Hash($"{options.Host?.Trim().ToLowerInvariant()}:{options.Port}\n{options.User?.Trim().ToLowerInvariant()}\n{options.Folder}");

    /// <summary>The key of a message: a hash of its Message-ID, else of its bytes.</summary>
    public static string MessageKey(string? messageId, ReadOnlySpan<byte> raw) =>
        string.IsNullOrWhiteSpace(messageId) ? "raw-" + Convert.ToHexStringLower(SHA256.HashData(raw)) : "id-" + Hash(messageId.Trim());

    /// <summary>The mailbox's cursor; null before its first run.</summary>
    public async Task<ImapCursor?> GetAsync(string mailbox, CancellationToken cancellationToken)
    {
        var row = await cursors.GetEntityIfExistsAsync<ImapCursorRow>(mailbox, ImapCursorRow.Key, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } cursor ? cursor.ToCursor() : null;
    }

    /// <summary>The cursor of every mailbox read so far, by mailbox key.</summary>
    public async Task<IReadOnlyList<(string Mailbox, ImapCursor Cursor)>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new List<(string, ImapCursor)>();
        await foreach (var row in cursors.QueryAsync<ImapCursorRow>(TableClient.CreateQueryFilter($"RowKey eq {ImapCursorRow.Key}"), cancellationToken: cancellationToken))
        {
            all.Add((row.PartitionKey, row.ToCursor()));
        }

        return all;
    }

    /// <summary>Writes the mailbox's cursor.</summary>
    public Task SaveAsync(string mailbox, ImapCursor cursor, CancellationToken cancellationToken) =>
        cursors.UpsertEntityAsync(ImapCursorRow.From(mailbox, cursor), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Whether the message was handled already.</summary>
    public async Task<bool> WasHandledAsync(string mailbox, string messageKey, CancellationToken cancellationToken) =>
        (await messages.GetEntityIfExistsAsync<ImapMessageRow>(mailbox, messageKey, [nameof(ImapMessageRow.PartitionKey)], cancellationToken)).HasValue;

    /// <summary>Records that the message was handled, or passed over (<paramref name="skipped"/>) after the pipeline kept failing on it.</summary>
    public async Task MarkHandledAsync(string mailbox, string messageKey, DateTimeOffset now, CancellationToken cancellationToken, bool skipped = false)
    {
        try
        {
            await messages.AddEntityAsync(new ImapMessageRow { PartitionKey = mailbox, RowKey = messageKey, HandledUtc = now, Skipped = skipped }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Recorded by an earlier run that stopped before it moved the cursor.
        }
    }

    /// <summary>The message the pipeline last failed on, or null.</summary>
    public async Task<ImapFailure?> GetFailureAsync(string mailbox, CancellationToken cancellationToken)
    {
        var row = await cursors.GetEntityIfExistsAsync<ImapFailureRow>(mailbox, ImapFailureRow.Key, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } failure ? failure.ToFailure() : null;
    }

    /// <summary>Counts one more failed run on the message and returns the count: one more than <paramref name="known"/> when it names the same message, else 1.</summary>
    public async Task<int> CountFailureAsync(string mailbox, ImapFailure? known, uint uidValidity, uint uid, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempts = known is not null && known.UidValidity == uidValidity && known.Uid == uid ? known.Attempts + 1 : 1;
        await cursors.UpsertEntityAsync(ImapFailureRow.From(mailbox, new ImapFailure(uidValidity, uid, attempts), now), TableUpdateMode.Replace, cancellationToken);
        return attempts;
    }

    /// <summary>Forgets the failures counted on a message that was handled or passed over since.</summary>
    public async Task ClearFailureAsync(string mailbox, CancellationToken cancellationToken)
    {
        try
        {
            await cursors.DeleteEntityAsync(mailbox, ImapFailureRow.Key, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Cleared by an earlier run that stopped before it moved the cursor.
        }
    }

    /// <summary>The messages passed over in the mailbox, or null when none was.</summary>
    public async Task<ImapSkipped?> GetSkippedAsync(string mailbox, CancellationToken cancellationToken)
    {
        var row = await cursors.GetEntityIfExistsAsync<ImapSkippedRow>(mailbox, ImapSkippedRow.Key, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } skipped ? skipped.ToSkipped() : null;
    }

    /// <summary>Counts a message passed over and makes it the last one.</summary>
    /// <remarks>One reader runs per mailbox at a time (the timer does not overlap itself), so a read and a replace do not lose a count.</remarks>
    public async Task RecordSkippedAsync(string mailbox, uint uidValidity, uint uid, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = (await GetSkippedAsync(mailbox, cancellationToken))?.Count ?? 0;
        await cursors.UpsertEntityAsync(ImapSkippedRow.From(mailbox, new ImapSkipped(count + 1, uidValidity, uid, now, error)), TableUpdateMode.Replace, cancellationToken);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
