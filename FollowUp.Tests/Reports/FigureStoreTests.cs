using FollowUp.Engine.Reports;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Reports;

public sealed class FigureStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    /// <summary>Makes this test's enrollment ids its own: facts are kept per enrollment, whatever the sequence.</summary>
    private readonly string run = TestData.Id("r");

    private FigureStore Store => harness.Get<FigureStore>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private static ReportCount Sent(string sequenceId, string enrollmentId, DateTimeOffset at) =>
        new(sequenceId, 1, "first", null, enrollmentId, ReportMetric.OutcomeFact, [ReportMetric.Sent], at);

    private async Task<long> SentAsync(string sequenceId, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var (counts, _) = await Store.ReadAsync(sequenceId, 1, from, to, CancellationToken.None);
        return counts.Where(c => c.StepId == "first").Sum(c => c[ReportMetric.Sent]);
    }

    [Fact]
    public async Task Count_SameFactTwice_CountsOnce()
    {
        var sequenceId = TestData.Id("seq");
        var count = Sent(sequenceId, $"{run}c1_e1", harness.Clock.GetUtcNow());

        Assert.True(await Store.CountAsync(count, CancellationToken.None));
        Assert.False(await Store.CountAsync(count, CancellationToken.None));

        Assert.Equal(1, await SentAsync(sequenceId));
    }

    [Fact]
    public async Task CountMany_FactsOfOneEnrollment_CountEachOnceTogetherOrAfterOneWasCounted()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        var replied = new ReportCount(sequenceId, 1, "first", null, $"{run}c9_e9", "replied", [ReportMetric.Replied], at);
        var sent = Sent(sequenceId, $"{run}c9_e9", at);
        var other = Sent(sequenceId, $"{run}c8_e8", at);

        await Store.CountTogetherAsync([sent, replied], CancellationToken.None);
        await Store.CountTogetherAsync([sent, replied], CancellationToken.None);
        var (counts, _) = await Store.ReadAsync(sequenceId, 1, null, null, CancellationToken.None);

        Assert.Equal((1, 1), (counts.Sum(c => c[ReportMetric.Sent]), counts.Sum(c => c[ReportMetric.Replied])));
        Assert.False(await Store.CountAsync(replied, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CountTogetherAsync([sent, other], CancellationToken.None));
    }

    [Fact]
    public async Task Count_SameFactFortyTimesAtOnce_CountsOnce()
    {
        var sequenceId = TestData.Id("seq");
        var count = Sent(sequenceId, $"{run}c1_e1", harness.Clock.GetUtcNow());

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => Store.CountAsync(count, CancellationToken.None))));

        Assert.Equal(1, results.Count(counted => counted));
        Assert.Equal(1, await SentAsync(sequenceId));
    }

    [Fact]
    public async Task Count_ManyFactsOfOneShardAtOnce_ReadsExact()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        // 150 pending rows of one shard need more than one fold transaction of at most 100 actions.
        var enrollments = OfShard(3, 150);

        var results = await Task.WhenAll(enrollments.Select(id => Task.Run(() => Store.CountAsync(Sent(sequenceId, id, at), CancellationToken.None))));

        Assert.All(results, Assert.True);
        Assert.Equal(150, await SentAsync(sequenceId, at.AddHours(-1), at.AddHours(1)));
        Assert.Equal(150, await SentAsync(sequenceId));
        Assert.Equal(150, (await Store.ReadTotalsAsync(sequenceId, CancellationToken.None)).Sent);
    }

    [Fact]
    public async Task Read_CountsNotYetFolded_IncludesThemAndFoldsThem()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        foreach (var i in Enumerable.Range(0, 12))
        {
            await Store.CountAsync(Sent(sequenceId, $"{run}c{i}_e{i}", at), CancellationToken.None);
        }

        var pendingBefore = await PendingAsync();

        Assert.Equal(12, pendingBefore.Count);
        Assert.Equal(0, await FoldedSentAsync(sequenceId));
        Assert.Equal(12, await SentAsync(sequenceId));
        Assert.Empty(await PendingAsync());
        Assert.Equal(12, await FoldedSentAsync(sequenceId));
        Assert.Equal(12, await SentAsync(sequenceId, at.AddHours(-1), at.AddHours(1)));
    }

    [Fact]
    public async Task Fold_FoldsOfThisAndOtherProcessesRacing_LeaveExactCounts()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        var enrollments = OfShard(5, 250);
        var (table, partition) = (harness.Storage.Table(StorageNames.FiguresTable), FigureStore.Partition(5));
        await Store.FoldAsync(CancellationToken.None);
        await Task.WhenAll(enrollments.Select(id => Task.Run(() => Store.CountAsync(Sent(sequenceId, id, at), CancellationToken.None))));

        // Folds in this process take turns; those of other processes (PendingFold without the turn) race through ETags.
        var folded = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () => i % 2 == 0
            ? await Store.FoldAsync(CancellationToken.None)
            : (await PendingFold.FoldAsync(table, partition, "p|", "p}", null, CancellationToken.None)).Folded)));

        Assert.Equal(250, folded.Sum());
        Assert.Empty(await PendingAsync());
        Assert.Equal(250, await FoldedSentAsync(sequenceId));
        Assert.Equal(250, await SentAsync(sequenceId));
    }

    [Fact]
    public async Task Fold_PageAnotherFolderMovedPartOf_RetriesAndFoldsEachCountOnce()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        var enrollments = OfShard(4, 151);
        var (table, partition) = (harness.Storage.Table(StorageNames.FiguresTable), FigureStore.Partition(4));
        await Store.FoldAsync(CancellationToken.None);
        foreach (var id in enrollments.Take(150))
        {
            await Store.CountAsync(Sent(sequenceId, id, at), CancellationToken.None);
        }

        // A folder in another process read this page, then lost the race for some of its rows and their counter rows.
        var stale = await PendingFold.ReadAsync(table, partition, "p|", "p}", CancellationToken.None);
        await Store.FoldAsync(enrollments[0], CancellationToken.None);
        await Store.FoldAsync(enrollments[149], CancellationToken.None);
        await Store.CountAsync(Sent(sequenceId, enrollments[150], at), CancellationToken.None);

        var (folded, _) = await PendingFold.FoldAsync(table, partition, "p|", "p}", stale, CancellationToken.None);

        Assert.Equal(149, folded);
        Assert.Empty(await PendingAsync());
        Assert.Equal(151, await FoldedSentAsync(sequenceId));
    }

    [Fact]
    public async Task Fold_OnlyPartDone_LeavesExactCountsBeforeAndAfterTheRest()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        var (first, second) = ($"{run}c1_e1", $"{run}c2_e2");
        await Store.FoldAsync(CancellationToken.None);
        await Store.CountAsync(Sent(sequenceId, first, at), CancellationToken.None);
        await Store.CountAsync(new(sequenceId, 1, "first", null, first, ReportMetric.Replied, [ReportMetric.Replied], at), CancellationToken.None);
        await Store.CountAsync(Sent(sequenceId, second, at), CancellationToken.None);

        Assert.Equal(2, await Store.FoldAsync(first, CancellationToken.None));

        Assert.Equal(1, await FoldedSentAsync(sequenceId));
        Assert.Equal([$"p|{second}|{ReportMetric.OutcomeFact}|first"], (await PendingAsync()).Select(row => row.RowKey));
        Assert.False(await Store.CountAsync(Sent(sequenceId, first, at), CancellationToken.None));
        Assert.Equal(1, await Store.FoldAsync(CancellationToken.None));
        Assert.Equal(2, await FoldedSentAsync(sequenceId));
        Assert.Equal(2, await SentAsync(sequenceId));
        var (counts, _) = await Store.ReadAsync(sequenceId, 1, null, null, CancellationToken.None);
        Assert.Equal(1, counts.Sum(c => c[ReportMetric.Replied]));
    }

    [Fact]
    public async Task ReadTotals_EnrollmentMovedToANewerVersion_IsActiveOnceUntilItEndsThere()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        foreach (var enrollment in new[] { $"{run}c1_e1", $"{run}c2_e2", $"{run}c3_e3" })
        {
            await Store.CountAsync(new(sequenceId, 1, ReportMetric.SequenceStep, null, enrollment, ReportMetric.Enrolled, [ReportMetric.Enrolled], at), CancellationToken.None);
            await Store.CountAsync(Sent(sequenceId, enrollment, at), CancellationToken.None);
        }

        await Store.CountAsync(new(sequenceId, 2, "first", null, $"{run}c1_e1", ReportMetric.Replied, [ReportMetric.Replied], at), CancellationToken.None);
        await Store.CountAsync(new(sequenceId, 2, ReportMetric.SequenceStep, null, $"{run}c1_e1", ReportMetric.EndedFact, [ReportMetric.Halted], at), CancellationToken.None);

        var totals = await Store.ReadTotalsAsync(sequenceId, CancellationToken.None);

        Assert.Equal(new SequenceTotals(3, 2, 3, 1), totals);
        Assert.Equal(1.0 / 3, totals.ReplyRate);
        Assert.Null((await Store.ReadTotalsAsync(TestData.Id("none"), CancellationToken.None)).ReplyRate);
    }

    [Fact]
    public async Task Count_FiftyParallelTasksWithEachFactTwice_LosesAndDoublesNothing()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        var counts = Enumerable.Range(0, 50).Select(i => Sent(sequenceId, $"{run}c{i}_e{i}", at)).ToList();

        var results = await Task.WhenAll(counts.Concat(counts).Select(c => Task.Run(() => Store.CountAsync(c, CancellationToken.None))));

        Assert.Equal(50, results.Count(counted => counted));
        Assert.Equal(50, await SentAsync(sequenceId));
        Assert.Equal(50, await SentAsync(sequenceId, at.AddHours(-1), at.AddHours(1)));
    }

    [Fact]
    public async Task Read_HourRange_CountsOnlyTheHoursInIt()
    {
        var sequenceId = TestData.Id("seq");
        var day = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
        await Store.CountAsync(Sent(sequenceId, $"{run}c1_e1", day.AddHours(-1)), CancellationToken.None);
        await Store.CountAsync(Sent(sequenceId, $"{run}c2_e2", day.AddHours(5)), CancellationToken.None);
        await Store.CountAsync(Sent(sequenceId, $"{run}c3_e3", day.AddHours(23).AddMinutes(59)), CancellationToken.None);
        await Store.CountAsync(Sent(sequenceId, $"{run}c4_e4", day.AddDays(1)), CancellationToken.None);

        Assert.Equal(2, await SentAsync(sequenceId, day, day.AddDays(1)));
        Assert.Equal(4, await SentAsync(sequenceId));
    }

    [Fact]
    public async Task ReadActivity_SendsAndRepliesOfTwoSequences_SumsEachHourOnceAndLeavesOtherFiguresOut()
    {
        var (welcome, quote) = (TestData.Id("seq"), TestData.Id("seq"));
        // Activity sums every sequence of the app, so this test has days of its own.
        var day = new DateTimeOffset(2031, 7, 14, 0, 0, 0, TimeSpan.Zero);
        ReportCount[] counts =
        [
            Sent(welcome, $"{run}c1_e1", day.AddHours(9).AddMinutes(5)),
            Sent(welcome, $"{run}c2_e2", day.AddHours(9).AddMinutes(50)),
            Sent(quote, $"{run}c3_e3", day.AddHours(11)),
            Sent(quote, $"{run}c4_e4", day.AddDays(-1)),
            new(quote, 2, "second", "b", $"{run}c3_e3", ReportMetric.Replied, [ReportMetric.Replied, ResponseTimes.Column(ReportMetric.Replied, 3)], day.AddHours(11).AddMinutes(30)),
            new(welcome, 1, "first", null, $"{run}c1_e1", ReportMetric.Delivered, [ReportMetric.Delivered], day.AddHours(9).AddMinutes(6)),
        ];
        foreach (var count in counts.Concat(counts))
        {
            await Store.CountAsync(count, CancellationToken.None);
        }

        var hours = await Store.ReadActivityAsync(day, day.AddHours(11).AddMinutes(40), CancellationToken.None);

        Assert.Equal([new ActivityHour(day.AddHours(9), 2, 0), new ActivityHour(day.AddHours(11), 1, 1)], hours);
        Assert.Empty(await Store.ReadActivityAsync(day.AddDays(2), day.AddDays(3), CancellationToken.None));
    }

    [Fact]
    public async Task Forget_EnrollmentWithPendingCounts_FoldsThemAndKeepsTheCounts()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        var enrollment = $"{run}c1_e1";
        await Store.CountAsync(Sent(sequenceId, enrollment, at), CancellationToken.None);
        await Store.CountAsync(new(sequenceId, 1, "first", null, enrollment, ReportMetric.Delivered, [ReportMetric.Delivered], at), CancellationToken.None);

        Assert.Equal(2, await Store.ForgetAsync(enrollment, CancellationToken.None));

        Assert.Empty(await PendingAsync());
        Assert.Equal(1, await FoldedSentAsync(sequenceId));
        var (counts, _) = await Store.ReadAsync(sequenceId, 1, null, null, CancellationToken.None);
        Assert.Equal((1, 1), (counts.Sum(c => c[ReportMetric.Sent]), counts.Sum(c => c[ReportMetric.Delivered])));
    }

    [Fact]
    public async Task Forget_Enrollment_RemovesItsFactsAndKeepsTheCounts()
    {
        var sequenceId = TestData.Id("seq");
        var at = harness.Clock.GetUtcNow();
        await Store.CountAsync(Sent(sequenceId, $"{run}c1_e1", at), CancellationToken.None);
        await Store.CountAsync(Sent(sequenceId, $"{run}c2_e2", at), CancellationToken.None);

        Assert.Equal(1, await Store.ForgetAsync($"{run}c1_e1", CancellationToken.None));

        var facts = await harness.Storage.Table(StorageNames.FiguresTable).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.RowKey.CompareTo("f|") >= 0 && e.RowKey.CompareTo("f}") < 0).ToListAsync();
        Assert.DoesNotContain(facts, f => f.RowKey.Contains($"{run}c1_e1", StringComparison.Ordinal));
        Assert.Contains(facts, f => f.RowKey.Contains($"{run}c2_e2", StringComparison.Ordinal) && f.PartitionKey == FigureStore.Partition(FigureStore.ShardOf($"{run}c2_e2")));
        Assert.Equal(2, await SentAsync(sequenceId));
    }

    /// <summary>This many enrollment ids of this test, all in the shard.</summary>
    private List<string> OfShard(int shard, int count) =>
        [.. Enumerable.Range(0, int.MaxValue).Select(i => $"{run}c{i}_e{i}").Where(id => FigureStore.ShardOf(id) == shard).Take(count)];

    /// <summary>The pending rows of this test's enrollments, in every shard.</summary>
    private async Task<List<Azure.Data.Tables.TableEntity>> PendingAsync() =>
        await harness.Storage.Table(StorageNames.FiguresTable)
            .QueryAsync<Azure.Data.Tables.TableEntity>(e => e.RowKey.CompareTo($"p|{run}") >= 0 && e.RowKey.CompareTo($"p|{run}~") < 0)
            .ToListAsync();

    /// <summary>The sends of step first of version 1 that the all-time counter rows hold, without the pending rows or a fold.</summary>
    private async Task<long> FoldedSentAsync(string sequenceId) =>
        (await harness.Storage.Table(StorageNames.FiguresTable)
            .QueryAsync<Azure.Data.Tables.TableEntity>(e => e.RowKey.CompareTo($"t|{sequenceId}|000001|first|") >= 0 && e.RowKey.CompareTo($"t|{sequenceId}|000001|first}}") < 0)
            .ToListAsync())
            .Sum(row => row.GetInt64(ReportMetric.Sent) ?? 0);
}
