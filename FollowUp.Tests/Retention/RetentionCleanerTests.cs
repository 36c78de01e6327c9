using System.Globalization;
using Azure.Data.Tables;
using FollowUp.Engine.Caps;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Inbound.Imap;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Retention;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Retention;

public sealed class RetentionCleanerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static TableEntity Row(string partition, string row) => new(partition, row);

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static async Task<bool> ExistsAsync(EngineHarness harness, string table, string partition, string row) =>
        (await harness.Storage.Table(table).GetEntityIfExistsAsync<TableEntity>(partition, row)).HasValue;

    private static async Task AddAsync(EngineHarness harness, string table, ITableEntity entity) =>
        await harness.Storage.Table(table).UpsertEntityAsync(entity);

    [Fact]
    public async Task Clean_ExpiredIdempotencyRecord_RemovesItsContactReference()
    {
        await using var harness = await EngineHarness.CreateAsync(azurite);
        var contactId = RandomIds.Create(12);
        var key = Guid.NewGuid().ToString("N");
        var store = harness.Get<IdempotencyStore>();
        await store.ReserveAsync("enrollments", key, new IdempotencyRecord("hash", EnrollmentId.Create(contactId)), CancellationToken.None);
        var references = harness.Get<ContactReferences>();
        var reference = Assert.Single(await references.ListAsync(contactId, CancellationToken.None));
        var written = (await harness.Storage.Table(reference.Table).GetEntityAsync<TableEntity>(reference.PartitionKey, reference.RowKey)).Value.Timestamp!.Value;
        harness.Clock.SetUtcNow(written + TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));

        await harness.Get<RetentionCleaner>().CleanAsync(CancellationToken.None);

        Assert.Null(await store.FindAsync("enrollments", key, CancellationToken.None));
        Assert.Empty(await references.ListAsync(contactId, CancellationToken.None));
    }

    [Fact]
    public async Task Clean_OldAndRecentRows_RemovesOnlyTheOld()
    {
        await using var harness = await EngineHarness.CreateAsync(azurite);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        await AddAsync(harness, StorageNames.IdempotencyTable, Row($"enrollments:{prefix}old", ""));
        await AddAsync(harness, StorageNames.SourceDeliveriesTable, Row($"{prefix}src", "old"));
        foreach (var (notification, done) in new[] { ("old-done", true), ("old-pending", false) })
        {
            await AddAsync(harness, StorageNames.NotificationsTable, new TableEntity($"notify-{prefix}-{notification}", "") { ["Done"] = done });
            await AddAsync(harness, StorageNames.SendsTable, Row($"notify-{prefix}-{notification}", "email-0"));
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await AddAsync(harness, StorageNames.NotificationsTable, new TableEntity($"notify-{prefix}-new-done", "") { ["Done"] = true });
        await AddAsync(harness, StorageNames.IdempotencyTable, Row($"enrollments:{prefix}new", ""));
        await AddAsync(harness, StorageNames.SourceDeliveriesTable, Row($"{prefix}src", "new"));
        var written = (await harness.Storage.Table(StorageNames.IdempotencyTable).GetEntityAsync<TableEntity>($"enrollments:{prefix}new", "")).Value.Timestamp!.Value;
        // The records are aged by the storage service's Timestamp: "now" is 30 days after the newer one, less half a second.
        harness.Clock.SetUtcNow(written + TimeSpan.FromDays(30) - TimeSpan.FromSeconds(0.5));
        var now = harness.Clock.GetUtcNow();
        await AddAsync(harness, StorageNames.ContactSendsTable, Row($"{prefix}c", $"{Ticks(now.AddDays(-2))}_e_s"));
        await AddAsync(harness, StorageNames.ContactSendsTable, Row($"{prefix}c", $"{Ticks(now.AddHours(-1))}_e_s"));
        await AddAsync(harness, StorageNames.EnrollmentsTable, SentRow.For($"{prefix}c", "s", "e", "old", now.AddDays(-2)));
        await AddAsync(harness, StorageNames.EnrollmentsTable, SentRow.For($"{prefix}c", "s", "e", "new", now.AddHours(-1)));
        var sequenceId = $"{prefix}seq";
        await AddAsync(harness, StorageNames.EnrollmentsTable, new TableEntity($"{prefix}c", $"{prefix}-ended-old") { ["EndedUtc"] = now.AddDays(-401), ["SequenceId"] = sequenceId });
        await AddAsync(harness, StorageNames.EnrollmentsTable, new TableEntity($"{prefix}c", $"{prefix}-ended-new") { ["EndedUtc"] = now.AddDays(-10), ["SequenceId"] = sequenceId });
        await AddAsync(harness, StorageNames.EnrollmentsTable, new TableEntity($"{prefix}c", $"{prefix}-active") { ["SequenceId"] = sequenceId });
        var figures = harness.Get<FigureStore>();
        foreach (var enrollment in new[] { "ended-old", "ended-new", "active" })
        {
            await AddAsync(harness, StorageNames.TimelineTable, Row($"{prefix}-{enrollment}", "1"));
            await AddAsync(harness, StorageNames.EnrollmentsTable, Row($"{prefix}c", $"{TimelineStore.RowPrefix}{prefix}-{enrollment}~1"));
            await AddAsync(harness, StorageNames.SendsTable, Row($"{prefix}-{enrollment}", "step"));
            await figures.CountAsync(new ReportCount(sequenceId, 1, "step", null, $"{prefix}-{enrollment}", ReportMetric.OutcomeFact, [ReportMetric.Sent], now), CancellationToken.None);
        }

        await harness.Get<ImapCursorStore>().SaveAsync($"{prefix}-mailbox", new ImapCursor(1, 2, now, now), CancellationToken.None);
        await AddAsync(harness, StorageNames.ImapMessagesTable, new TableEntity($"{prefix}-mailbox", "id-old") { ["HandledUtc"] = now.AddDays(-31) });
        await AddAsync(harness, StorageNames.ImapMessagesTable, new TableEntity($"{prefix}-mailbox", "id-new") { ["HandledUtc"] = now.AddDays(-29) });

        var oldReply = await harness.Get<RecentReplies>().AddAsync(now.AddDays(-31), $"{prefix}c", new IncomingReply(null, "old", false, false), null, null, null, 0, false, CancellationToken.None);

        var report = await harness.Get<RetentionCleaner>().CleanAsync(CancellationToken.None);

        Assert.False(await ExistsAsync(harness, StorageNames.RecentRepliesTable, RecentReplies.Partition, oldReply.Key));
        Assert.False(await ExistsAsync(harness, StorageNames.ImapMessagesTable, $"{prefix}-mailbox", "id-old"));
        Assert.True(await ExistsAsync(harness, StorageNames.ImapMessagesTable, $"{prefix}-mailbox", "id-new"));
        Assert.False(await ExistsAsync(harness, StorageNames.IdempotencyTable, $"enrollments:{prefix}old", ""));
        Assert.True(await ExistsAsync(harness, StorageNames.IdempotencyTable, $"enrollments:{prefix}new", ""));
        Assert.False(await ExistsAsync(harness, StorageNames.SourceDeliveriesTable, $"{prefix}src", "old"));
        Assert.True(await ExistsAsync(harness, StorageNames.SourceDeliveriesTable, $"{prefix}src", "new"));
        Assert.False(await ExistsAsync(harness, StorageNames.ContactSendsTable, $"{prefix}c", $"{Ticks(now.AddDays(-2))}_e_s"));
        Assert.True(await ExistsAsync(harness, StorageNames.ContactSendsTable, $"{prefix}c", $"{Ticks(now.AddHours(-1))}_e_s"));
        Assert.False(await ExistsAsync(harness, StorageNames.EnrollmentsTable, $"{prefix}c", SentRow.For($"{prefix}c", "s", "e", "old", now.AddDays(-2)).RowKey));
        Assert.True(await ExistsAsync(harness, StorageNames.EnrollmentsTable, $"{prefix}c", SentRow.For($"{prefix}c", "s", "e", "new", now.AddHours(-1)).RowKey));
        Assert.False(await ExistsAsync(harness, StorageNames.TimelineTable, $"{prefix}-ended-old", "1"));
        Assert.False(await ExistsAsync(harness, StorageNames.EnrollmentsTable, $"{prefix}c", $"{TimelineStore.RowPrefix}{prefix}-ended-old~1"));
        Assert.False(await ExistsAsync(harness, StorageNames.SendsTable, $"{prefix}-ended-old", "step"));
        foreach (var kept in new[] { "ended-new", "active" })
        {
            Assert.True(await ExistsAsync(harness, StorageNames.TimelineTable, $"{prefix}-{kept}", "1"));
            Assert.True(await ExistsAsync(harness, StorageNames.EnrollmentsTable, $"{prefix}c", $"{TimelineStore.RowPrefix}{prefix}-{kept}~1"));
            Assert.True(await ExistsAsync(harness, StorageNames.SendsTable, $"{prefix}-{kept}", "step"));
        }

        Assert.True(await ExistsAsync(harness, StorageNames.EnrollmentsTable, $"{prefix}c", $"{prefix}-ended-old"));
        var facts = await harness.Storage.Table(StorageNames.FiguresTable).QueryAsync<TableEntity>(e => e.RowKey.CompareTo($"f|{prefix}-") >= 0 && e.RowKey.CompareTo($"f|{prefix}.") < 0).ToListAsync();
        Assert.DoesNotContain(facts, f => f.RowKey.Contains("-ended-old|", StringComparison.Ordinal));
        Assert.Equal(2, facts.Count(f => f.RowKey.StartsWith("f|", StringComparison.Ordinal)));
        Assert.False(await ExistsAsync(harness, StorageNames.NotificationsTable, $"notify-{prefix}-old-done", ""));
        Assert.False(await ExistsAsync(harness, StorageNames.SendsTable, $"notify-{prefix}-old-done", "email-0"));
        Assert.True(await ExistsAsync(harness, StorageNames.NotificationsTable, $"notify-{prefix}-old-pending", ""));
        Assert.True(await ExistsAsync(harness, StorageNames.SendsTable, $"notify-{prefix}-old-pending", "email-0"));
        Assert.True(await ExistsAsync(harness, StorageNames.NotificationsTable, $"notify-{prefix}-new-done", ""));
        Assert.All(report.Removed.Values, count => Assert.True(count >= 1));
    }

    [Fact]
    public async Task Clean_PendingReportCounts_FoldsThemIntoTheCounterRows()
    {
        await using var harness = await EngineHarness.CreateAsync(azurite);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var sequenceId = $"{prefix}seq";
        var figures = harness.Get<FigureStore>();
        foreach (var i in Enumerable.Range(0, 5))
        {
            await figures.CountAsync(new ReportCount(sequenceId, 1, "step", null, $"{prefix}-e{i}", ReportMetric.OutcomeFact, [ReportMetric.Sent], harness.Clock.GetUtcNow()), CancellationToken.None);
        }

        await harness.Get<RetentionCleaner>().CleanAsync(CancellationToken.None);

        var table = harness.Storage.Table(StorageNames.FiguresTable);
        Assert.Empty(await table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo($"p|{prefix}-") >= 0 && e.RowKey.CompareTo($"p|{prefix}.") < 0).ToListAsync());
        var counters = await table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo($"t|{sequenceId}|") >= 0 && e.RowKey.CompareTo($"t|{sequenceId}}}") < 0).ToListAsync();
        Assert.Equal(5, counters.Sum(row => row.GetInt64(ReportMetric.Sent)));
    }

    [Fact]
    public async Task Clean_MoreOldRowsThanTheBound_StopsAtTheBoundAndTheNextRunGoesOn()
    {
        await using var harness = await EngineHarness.CreateAsync(azurite, settings: new Dictionary<string, string?> { ["FollowUp:Retention:MaxDeletesPerTable"] = "3" });
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var old = harness.Clock.GetUtcNow().AddDays(-3);
        for (var i = 0; i < 5; i++)
        {
            await AddAsync(harness, StorageNames.EnrollmentsTable, SentRow.For($"{prefix}{i % 2}", "s", "e", $"{i}", old.AddMinutes(i)));
        }

        var first = await harness.Get<RetentionCleaner>().CleanAsync(CancellationToken.None);
        var left = await harness.Storage.Table(StorageNames.EnrollmentsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}")).CountAsync();
        var second = await harness.Get<RetentionCleaner>().CleanAsync(CancellationToken.None);

        Assert.Equal(3, first.Removed[StorageNames.ContactSendsTable]);
        Assert.Equal(2, left);
        Assert.Equal(2, second.Removed[StorageNames.ContactSendsTable]);
    }

    [Fact]
    public async Task Clean_ImapMessageRecords_RemovesThosePastRetentionExceptWhatAReReadReaches()
    {
        await using var harness = await EngineHarness.CreateAsync(azurite);
        var now = harness.Clock.GetUtcNow();
        var cursors = harness.Get<ImapCursorStore>();
        var (idle, busy, fresh) = ($"idle-{Guid.NewGuid():N}", $"busy-{Guid.NewGuid():N}", $"fresh-{Guid.NewGuid():N}");
        // The idle mailbox's last message came 100 days ago: a re-read after a changed UIDVALIDITY starts from that day.
        await cursors.SaveAsync(idle, new ImapCursor(7, 40, now - TimeSpan.FromDays(100), now), CancellationToken.None);
        await cursors.SaveAsync(busy, new ImapCursor(7, 90, now - TimeSpan.FromHours(1), now), CancellationToken.None);
        // Nothing handled yet: a re-read starts FirstRunLookBack (a day) before the last run.
        await cursors.SaveAsync(fresh, new ImapCursor(7, 0, null, now), CancellationToken.None);
        var rows = new (string Mailbox, string Key, TimeSpan Age)[]
        {
            (idle, "id-older", TimeSpan.FromDays(200)),
            (idle, "id-last", TimeSpan.FromDays(100) - TimeSpan.FromHours(1)),
            (idle, "id-recent", TimeSpan.FromDays(10)),
            (busy, "id-old", TimeSpan.FromDays(31)),
            (busy, "id-recent", TimeSpan.FromDays(29)),
            (fresh, "id-old", TimeSpan.FromDays(31)),
        };
        foreach (var (mailbox, key, age) in rows)
        {
            await AddAsync(harness, StorageNames.ImapMessagesTable, new TableEntity(mailbox, key) { ["HandledUtc"] = now - age });
        }

        var report = await harness.Get<RetentionCleaner>().CleanAsync(CancellationToken.None);

        var kept = new List<string>();
        foreach (var (mailbox, key, _) in rows)
        {
            if (await ExistsAsync(harness, StorageNames.ImapMessagesTable, mailbox, key))
            {
                kept.Add($"{mailbox.Split('-')[0]}/{key}");
            }
        }

        Assert.Equal(["idle/id-last", "idle/id-recent", "busy/id-recent"], kept);
        Assert.True(report.Removed[StorageNames.ImapMessagesTable] >= 3);
    }
}
