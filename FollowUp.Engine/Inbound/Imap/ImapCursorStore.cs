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
    private const string CursorRow = "cursor";
    private const string FailureRow = "failure";
    private const string SkippedRow = "skipped";

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
        var row = await cursors.GetEntityIfExistsAsync<TableEntity>(mailbox, CursorRow, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? ToCursor(entity) : null;
    }

    /// <summary>The cursor of every mailbox read so far, by mailbox key.</summary>
    public async Task<IReadOnlyList<(string Mailbox, ImapCursor Cursor)>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new List<(string, ImapCursor)>();
        await foreach (var entity in cursors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {CursorRow}"), cancellationToken: cancellationToken))
        {
            all.Add((entity.PartitionKey, ToCursor(entity)));
        }

        return all;
    }

    /// <summary>Writes the mailbox's cursor.</summary>
    public Task SaveAsync(string mailbox, ImapCursor cursor, CancellationToken cancellationToken) =>
        cursors.UpsertEntityAsync(
            new TableEntity(mailbox, CursorRow)
            {
                ["UidValidity"] = (long)cursor.UidValidity,
                ["LastUid"] = (long)cursor.LastUid,
                ["LastDeliveredUtc"] = cursor.LastDeliveredUtc,
                ["LastRunUtc"] = cursor.LastRunUtc,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Whether the message was handled already.</summary>
    public async Task<bool> WasHandledAsync(string mailbox, string messageKey, CancellationToken cancellationToken) =>
        (await messages.GetEntityIfExistsAsync<TableEntity>(mailbox, messageKey, ["PartitionKey"], cancellationToken)).HasValue;

    /// <summary>Records that the message was handled, or passed over (<paramref name="skipped"/>) after the pipeline kept failing on it.</summary>
    public async Task MarkHandledAsync(string mailbox, string messageKey, DateTimeOffset now, CancellationToken cancellationToken, bool skipped = false)
    {
        try
        {
            await messages.AddEntityAsync(new TableEntity(mailbox, messageKey) { ["HandledUtc"] = now, ["Skipped"] = skipped }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Recorded by an earlier run that stopped before it moved the cursor.
        }
    }

    /// <summary>The message the pipeline last failed on, or null.</summary>
    public async Task<ImapFailure?> GetFailureAsync(string mailbox, CancellationToken cancellationToken)
    {
        var row = await cursors.GetEntityIfExistsAsync<TableEntity>(mailbox, FailureRow, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity
            ? new ImapFailure((uint)entity.GetInt64("UidValidity")!.Value, (uint)entity.GetInt64("Uid")!.Value, entity.GetInt32("Attempts")!.Value)
            : null;
    }

    /// <summary>Counts one more failed run on the message and returns the count: one more than <paramref name="known"/> when it names the same message, else 1.</summary>
    public async Task<int> CountFailureAsync(string mailbox, ImapFailure? known, uint uidValidity, uint uid, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempts = known is not null && known.UidValidity == uidValidity && known.Uid == uid ? known.Attempts + 1 : 1;
        await cursors.UpsertEntityAsync(
            new TableEntity(mailbox, FailureRow) { ["UidValidity"] = (long)uidValidity, ["Uid"] = (long)uid, ["Attempts"] = attempts, ["FailedUtc"] = now },
            TableUpdateMode.Replace,
            cancellationToken);
        return attempts;
    }

    /// <summary>Forgets the failures counted on a message that was handled or passed over since.</summary>
    public async Task ClearFailureAsync(string mailbox, CancellationToken cancellationToken)
    {
        try
        {
            await cursors.DeleteEntityAsync(mailbox, FailureRow, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Cleared by an earlier run that stopped before it moved the cursor.
        }
    }

    /// <summary>The messages passed over in the mailbox, or null when none was.</summary>
    public async Task<ImapSkipped?> GetSkippedAsync(string mailbox, CancellationToken cancellationToken)
    {
        var row = await cursors.GetEntityIfExistsAsync<TableEntity>(mailbox, SkippedRow, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity
            ? new ImapSkipped(entity.GetInt64("Count")!.Value, (uint)entity.GetInt64("LastUidValidity")!.Value, (uint)entity.GetInt64("LastUid")!.Value,
                entity.GetDateTimeOffset("LastSkippedUtc")!.Value, entity.GetString("LastError") ?? "")
            : null;
    }

    /// <summary>Counts a message passed over and makes it the last one.</summary>
    /// <remarks>One reader runs per mailbox at a time (the timer does not overlap itself), so a read and a replace do not lose a count.</remarks>
    public async Task RecordSkippedAsync(string mailbox, uint uidValidity, uint uid, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = (await GetSkippedAsync(mailbox, cancellationToken))?.Count ?? 0;
        await cursors.UpsertEntityAsync(
            new TableEntity(mailbox, SkippedRow)
            {
                ["Count"] = count + 1,
                ["LastUidValidity"] = (long)uidValidity,
                ["LastUid"] = (long)uid,
                ["LastSkippedUtc"] = now,
                ["LastError"] = error,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    private static ImapCursor ToCursor(TableEntity entity) =>
        new((uint)entity.GetInt64("UidValidity")!.Value, (uint)entity.GetInt64("LastUid")!.Value, entity.GetDateTimeOffset("LastDeliveredUtc"), entity.GetDateTimeOffset("LastRunUtc")!.Value);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
