using FollowUp.Engine.Scheduling;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Scheduling;

public sealed class DueScannerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    public async Task InitializeAsync()
    {
        harness = await EngineHarness.CreateAsync(azurite);
        await harness.Storage.Table("DueIndex").DeleteAsync();
        await harness.Storage.EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private DueEntry Entry(TimeSpan fromNow) => new(TestData.Id("enr"), "step", 1, harness.Clock.GetUtcNow() + fromNow);

    private async Task<int> IndexCountAsync()
    {
        var index = harness.Get<DueIndex>();
        var count = 0;
        for (var shard = 0; shard < DueEntry.ShardCount; shard++)
        {
            count += await index.ReadDueAsync(shard, DateTimeOffset.MaxValue, CancellationToken.None).Select(page => page.Count).SumAsync();
        }

        return count;
    }

    [Fact]
    public async Task Scan_DueAndLookAheadRows_AreEnqueuedAndFutureRowsStay()
    {
        var index = harness.Get<DueIndex>();
        var due = new[] { Entry(TimeSpan.FromMinutes(-5)), Entry(TimeSpan.FromSeconds(-1)), Entry(TimeSpan.FromSeconds(30)), Entry(TimeSpan.FromSeconds(90)) };
        var future = new[] { Entry(TimeSpan.FromMinutes(3)), Entry(TimeSpan.FromHours(1)), Entry(TimeSpan.FromDays(3)) };
        foreach (var entry in due.Concat(future))
        {
            await index.AddAsync(entry, CancellationToken.None);
        }

        var result = await harness.Get<DueScanner>().ScanAsync(CancellationToken.None);

        Assert.Equal(due.Length, result.Enqueued);
        Assert.Equal(due.Length, await harness.QueueLengthAsync());
        Assert.Equal(future.Length, await IndexCountAsync());
        foreach (var entry in future)
        {
            Assert.True(await index.ContainsAsync(entry, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Scan_DueRows_BecomeVisibleOnlyWhenDue()
    {
        var index = harness.Get<DueIndex>();
        var overdue = Entry(TimeSpan.FromSeconds(-10));
        await index.AddAsync(overdue, CancellationToken.None);
        await index.AddAsync(Entry(TimeSpan.FromSeconds(60)), CancellationToken.None);

        await harness.Get<DueScanner>().ScanAsync(CancellationToken.None);

        var visible = Assert.Single(await harness.ReceiveAllAsync());
        Assert.Equal(overdue.EnrollmentId, StepMessage.Parse(visible.Body.ToString()).EnrollmentId);
        Assert.Equal(2, await harness.QueueLengthAsync());
    }

    [Fact]
    public async Task Scan_Twice_EnqueuesEachRowOnce()
    {
        await harness.Get<DueIndex>().AddAsync(Entry(TimeSpan.FromSeconds(-1)), CancellationToken.None);

        var first = await harness.Get<DueScanner>().ScanAsync(CancellationToken.None);
        var second = await harness.Get<DueScanner>().ScanAsync(CancellationToken.None);

        Assert.Equal((1, 0), (first.Enqueued, second.Enqueued));
        Assert.Equal(1, await harness.QueueLengthAsync());
    }

    [Fact]
    public async Task Scan_RowsInManyShards_AreAllRead()
    {
        var index = harness.Get<DueIndex>();
        var entries = Enumerable.Range(0, 200).Select(_ => Entry(TimeSpan.FromSeconds(-2))).ToList();
        await Parallel.ForEachAsync(entries, async (entry, ct) => await index.AddAsync(entry, ct));

        var result = await harness.Get<DueScanner>().ScanAsync(CancellationToken.None);

        Assert.True(entries.Select(e => e.PartitionKey).Distinct().Count() == DueEntry.ShardCount);
        Assert.Equal(200, result.Enqueued);
        Assert.Equal(0, await IndexCountAsync());
    }

    [Fact]
    public async Task Remove_BatchWithARowAlreadyGone_RemovesTheRest()
    {
        var index = harness.Get<DueIndex>();
        var shard = Entry(TimeSpan.Zero).PartitionKey;
        var entries = Enumerable.Range(0, 400).Select(_ => Entry(TimeSpan.FromSeconds(-1))).Where(e => e.PartitionKey == shard).Take(5).ToList();
        foreach (var entry in entries)
        {
            await index.AddAsync(entry, CancellationToken.None);
        }

        await index.RemoveAsync(entries[2], CancellationToken.None);
        await index.RemoveAsync(entries, CancellationToken.None);

        Assert.Equal(0, await IndexCountAsync());
    }

    [Fact]
    public async Task Schedule_StepWithinLookAhead_IsEnqueuedAtOnceAndLeavesNoRow()
    {
        var entry = Entry(TimeSpan.FromSeconds(20));

        await harness.Get<StepScheduler>().ScheduleAsync(entry, CancellationToken.None);

        Assert.False(await harness.Get<DueIndex>().ContainsAsync(entry, CancellationToken.None));
        Assert.Equal(1, await harness.QueueLengthAsync());
    }

    [Fact]
    public async Task Schedule_Message_IsBase64JsonAsTheFunctionsTriggerExpects()
    {
        var entry = Entry(TimeSpan.Zero);

        await harness.Get<StepScheduler>().ScheduleAsync(entry, CancellationToken.None);

        var raw = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, harness.Storage.StepQueue.Name);
        var text = Assert.Single((await raw.PeekMessagesAsync(5)).Value).Body.ToString();
        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text));
        Assert.Equal(entry.ToMessage(), StepMessage.Parse(decoded));
    }

    [Fact]
    public async Task Schedule_StepBeyondLookAhead_WaitsInTheIndex()
    {
        var entry = Entry(TimeSpan.FromDays(3));

        await harness.Get<StepScheduler>().ScheduleAsync(entry, CancellationToken.None);

        Assert.True(await harness.Get<DueIndex>().ContainsAsync(entry, CancellationToken.None));
        Assert.Equal(0, await harness.QueueLengthAsync());
    }
}
