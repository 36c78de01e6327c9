using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Inbound.Imap;

/// <summary>The ImapCursors and ImapMessages tables: where reading each mailbox has got to, and which messages were handled.</summary>
/// <remarks>
/// A mailbox is keyed by a hash of its host, port, user and folder, so no address is stored. A handled message is keyed by a hash
/// of its Message-ID (of its bytes when it has none): UIDs change when the UIDVALIDITY does, a Message-ID does not. A row is
/// about a hundred bytes per message read.
/// </remarks>
public sealed class ImapCursorStore(FollowUpStorage storage)
{
    private const string CursorRow = "cursor";

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
        return row.HasValue && row.Value is { } entity
            ? new ImapCursor((uint)entity.GetInt64("UidValidity")!.Value, (uint)entity.GetInt64("LastUid")!.Value, entity.GetDateTimeOffset("LastDeliveredUtc"), entity.GetDateTimeOffset("LastRunUtc")!.Value)
            : null;
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

    /// <summary>Records that the message was handled.</summary>
    public async Task MarkHandledAsync(string mailbox, string messageKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await messages.AddEntityAsync(new TableEntity(mailbox, messageKey) { ["HandledUtc"] = now }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Recorded by an earlier run that stopped before it moved the cursor.
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
