using Azure.Data.Tables;
using FollowUp.Engine.Caps;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Inbound.Imap;
using FollowUp.Engine.Notifications;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Retention;

/// <summary>The retention timer's entry point: removes records past their retention, at most a bounded number per table per run.</summary>
/// <remarks>
/// Idempotency and source delivery records are aged by the table's own <c>Timestamp</c> (their last write), the cap's rows
/// of messages sent (<see cref="ContactCap"/>, and those of the ContactSends table before them) by the send time in their row
/// key (they matter only within the cap's window; in the Enrollments table that is one filtered query of the whole table, once
/// a run), and the timelines (with their Clicks rows) and
/// send claims and report facts of an enrollment by its <c>EndedUtc</c>, sent notifications with their send claims by their last write, and the
/// RecentReplies rows by the time the reply was received (kept as long as notifications, which hold the same words), the
/// records of IMAP messages by their <c>HandledUtc</c>, never one within two days of the day a re-read of that mailbox after a changed
/// UIDVALIDITY starts from (<see cref="ImapReader.ReReadFrom"/>): a message's record is written after it arrived, so the re-read
/// finds every message it reaches still recorded (two days cover the date-only IMAP search across time zones and clock skew). Each table stops at <see cref="RetentionOptions.MaxDeletesPerTable"/>
/// rows, so one run never holds a worker for long; the next run goes on where it stopped. The reference in
/// ContactReferences of an Idempotency row or a notification goes right after the row, so the references never outnumber the rows they point to for long.
/// Each run first folds the report's pending counts (<see cref="Reports.FigureStore.FoldAsync(CancellationToken)"/>), so that they
/// stay at most a day's counts when nobody opens the dashboard, without any storage work between runs.
/// </remarks>
public sealed class RetentionCleaner(FollowUpStorage storage, ContactReferences references, ImapCursorStore imapCursors, Reports.FigureStore figures, TimeProvider time, IOptions<FollowUpOptions> options, ILogger<RetentionCleaner> logger)
{
    /// <summary>Removes what is past its retention, up to the bound per table.</summary>
    public async Task<RetentionReport> CleanAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.Retention;
        var bound = retention.MaxDeletesPerTable;
        var now = time.GetUtcNow();
        await figures.FoldAsync(cancellationToken);
        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            [StorageNames.IdempotencyTable] = await RemoveIdempotencyAsync(TableClient.CreateQueryFilter($"Timestamp lt {now - retention.Idempotency}"), bound, cancellationToken),
            [StorageNames.SourceDeliveriesTable] = await RemoveAsync(StorageNames.SourceDeliveriesTable, TableClient.CreateQueryFilter($"Timestamp lt {now - retention.SourceDeliveries}"), bound, cancellationToken),
        };
        var capStart = now - options.Value.Caps.Window;
        var capRows = await RemoveAsync(StorageNames.EnrollmentsTable, ContactCap.SentBefore(capStart), bound, cancellationToken);
        removed[StorageNames.ContactSendsTable] = capRows + await RemoveAsync(
            StorageNames.ContactSendsTable, TableClient.CreateQueryFilter($"RowKey lt {capStart.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)}"), bound - capRows, cancellationToken);

        var ended = storage.Table(StorageNames.EnrollmentsTable).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"EndedUtc lt {now - retention.EndedEnrollments}"), maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        int timelines = 0, sends = 0, facts = 0;
        await foreach (var enrollment in ended)
        {
            if (timelines >= bound && sends >= bound && facts >= bound)
            {
                break;
            }

            var partition = TableClient.CreateQueryFilter($"PartitionKey eq {enrollment.RowKey}");
            timelines += await RemoveAsync(StorageNames.EnrollmentsTable, TimelineStore.Filter(enrollment.PartitionKey, enrollment.RowKey), bound - timelines, cancellationToken);
            timelines += await RemoveAsync(StorageNames.TimelineTable, partition, bound - timelines, cancellationToken);
            timelines += await RemoveAsync(StorageNames.ClicksTable, partition, bound - timelines, cancellationToken);
            sends += await RemoveAsync(StorageNames.SendsTable, partition, bound - sends, cancellationToken);
            facts += facts < bound ? await figures.ForgetAsync(enrollment.RowKey, cancellationToken) : 0;
        }

        var notificationsTable = storage.Table(StorageNames.NotificationsTable);
        var notifications = await ReadAsync(
            notificationsTable, TableClient.CreateQueryFilter($"Done eq {true} and Timestamp lt {now - retention.Notifications}"), bound, cancellationToken, nameof(NotificationRow.ContactId), nameof(NotificationRow.AddressKey));
        foreach (var notification in notifications)
        {
            sends += await RemoveAsync(StorageNames.SendsTable, TableClient.CreateQueryFilter($"PartitionKey eq {notification.PartitionKey}"), int.MaxValue, cancellationToken);
        }

        removed[StorageNames.NotificationsTable] = await RowDeleter.DeleteAsync(notificationsTable, notifications, cancellationToken);
        await references.RemoveAsync(
            notifications.Select(NotificationRow.From).SelectMany(row => NotificationStore.Owners(row.ContactId, row.AddressKey).Select(owner => (owner, NotificationStore.Reference(row.PartitionKey)))),
            cancellationToken);
        removed[StorageNames.RecentRepliesTable] = await RemoveAsync(StorageNames.RecentRepliesTable, Replies.RecentReplies.OlderThan(now - retention.Notifications), bound, cancellationToken);
        removed[StorageNames.TimelineTable] = timelines;
        removed[StorageNames.SendsTable] = sends;
        removed[StorageNames.ImapMessagesTable] = await RemoveImapMessagesAsync(now, bound, cancellationToken);
        removed[StorageNames.FiguresTable] = facts;
        logger.LogInformation("Retention removed {Idempotency} idempotency, {Deliveries} delivery, {ContactSends} contact send, {Timeline} timeline, {Sends} send claim, {Notifications} notification, {RecentReplies} reply, {ImapMessages} IMAP message and {Facts} report fact rows",
            removed[StorageNames.IdempotencyTable], removed[StorageNames.SourceDeliveriesTable], removed[StorageNames.ContactSendsTable], timelines, sends, removed[StorageNames.NotificationsTable],
            removed[StorageNames.RecentRepliesTable], removed[StorageNames.ImapMessagesTable], facts);
        return new RetentionReport(removed);
    }

    /// <summary>Deletes at most <paramref name="limit"/> records of IMAP messages handled before the retention, mailbox by mailbox, keeping those a re-read of the mailbox can reach.</summary>
    private async Task<int> RemoveImapMessagesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var removed = 0;
        var settings = options.Value;
        foreach (var (mailbox, cursor) in await imapCursors.ListAsync(cancellationToken))
        {
            var reachable = ImapReader.ReReadFrom(cursor, settings.Imap, now) - TimeSpan.FromDays(2);
            var before = reachable < now - settings.Retention.ImapMessages ? reachable : now - settings.Retention.ImapMessages;
            removed += await RemoveAsync(StorageNames.ImapMessagesTable, TableClient.CreateQueryFilter($"PartitionKey eq {mailbox} and HandledUtc lt {before}"), limit - removed, cancellationToken);
        }

        return removed;
    }

    /// <summary>Deletes at most <paramref name="limit"/> rows that match the filter.</summary>
    private async Task<int> RemoveAsync(string tableName, string filter, int limit, CancellationToken cancellationToken)
    {
        var table = storage.Table(tableName);
        return await RowDeleter.DeleteAsync(table, await ReadAsync(table, filter, limit, cancellationToken), cancellationToken);
    }

    /// <summary>Deletes at most <paramref name="limit"/> Idempotency rows that match the filter, and then their references.</summary>
    private async Task<int> RemoveIdempotencyAsync(string filter, int limit, CancellationToken cancellationToken)
    {
        var table = storage.Table(StorageNames.IdempotencyTable);
        var rows = await ReadAsync<IdempotencyRow>(table, filter, limit, cancellationToken, nameof(IdempotencyRow.EnrollmentId));
        var removed = await RowDeleter.DeleteAsync(table, rows, cancellationToken);
        await references.RemoveAsync(
            rows.Select(row => (Owner: IdempotencyStore.Owner(row.EnrollmentId), Target: new ContactReference(StorageNames.IdempotencyTable, row.PartitionKey, row.RowKey)))
                .Where(r => r.Owner is not null)
                .Select(r => (r.Owner!, r.Target)),
            cancellationToken);
        return removed;
    }

    /// <summary>Reads the keys (and the listed columns) of at most <paramref name="limit"/> rows that match the filter.</summary>
    private static Task<List<TableEntity>> ReadAsync(TableClient table, string filter, int limit, CancellationToken cancellationToken, params string[] columns) =>
        ReadAsync<TableEntity>(table, filter, limit, cancellationToken, columns);

    /// <summary>Reads the keys (and the listed columns) of at most <paramref name="limit"/> rows that match the filter, as <typeparamref name="TRow"/>.</summary>
    private static async Task<List<TRow>> ReadAsync<TRow>(TableClient table, string filter, int limit, CancellationToken cancellationToken, params string[] columns)
        where TRow : class, ITableEntity, new()
    {
        var rows = new List<TRow>();
        if (limit <= 0)
        {
            return rows;
        }

        await foreach (var row in table.QueryAsync<TRow>(filter, maxPerPage: Math.Min(limit, 1000), select: ["PartitionKey", "RowKey", .. columns], cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count >= limit)
            {
                break;
            }
        }

        return rows;
    }
}
