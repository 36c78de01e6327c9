using FollowUp.Engine.Reports;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Reports;

/// <summary>The storage transactions a count and a fold cost, counted at the HTTP client.</summary>
public sealed class FigureStoreTransactionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly StorageRequestCounter counter = new();
    private readonly string run = TestData.Id("r");
    private EngineHarness harness = null!;

    private FigureStore Store => harness.Get<FigureStore>();

    private string FiguresTable => harness.Storage.Table(StorageNames.FiguresTable).Name;

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, services => services.AddSingleton(counter));

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private ReportCount Sent(string sequenceId, int i) =>
        new(sequenceId, 1, "first", null, $"{run}c{i}_e{i}", ReportMetric.OutcomeFact, [ReportMetric.Sent], harness.Clock.GetUtcNow());

    [Fact]
    public async Task Count_NewAndRepeated_IsOneTransactionEachAndReadsNothing()
    {
        var count = Sent(TestData.Id("seq"), 1);

        var before = counter.Snapshot();
        await Store.CountAsync(count, CancellationToken.None);
        var made = counter.Snapshot().Since(before);
        var again = counter.Snapshot();
        await Store.CountAsync(count, CancellationToken.None);
        var repeat = counter.Snapshot().Since(again);

        Assert.Equal((1L, 1L), (made.Requests, made.RequestsOf(new(StorageService.Table, FiguresTable, StorageOperation.Batch))));
        Assert.Equal((1L, 1L), (repeat.Requests, repeat.RequestsOf(new(StorageService.Table, FiguresTable, StorageOperation.Batch))));
    }

    [Fact]
    public async Task Fold_HundredFiftySendsOfOneStepInOneShard_TakesOneQueryAndTwoGroupsOfThreeReadsAndABatch()
    {
        var sequenceId = TestData.Id("seq");
        await Store.FoldAsync(CancellationToken.None);
        var sends = Enumerable.Range(0, 2000).Where(i => FigureStore.ShardOf($"{run}c{i}_e{i}") == 2).Take(150).Select(i => Sent(sequenceId, i)).ToList();
        foreach (var send in sends)
        {
            await Store.CountAsync(send, CancellationToken.None);
        }

        var before = counter.Snapshot();
        var folded = await Store.FoldAsync(CancellationToken.None);
        var made = counter.Snapshot().Since(before);

        // One query per shard; in shard 2, two groups (97 + 53 rows, each with the all-time, hour and activity rows): 3 point reads and 1 batch each.
        Assert.Equal(150, folded);
        Assert.Equal(FigureStore.Shards, made.RequestsOf(new(StorageService.Table, FiguresTable, StorageOperation.Query)));
        Assert.Equal(6, made.RequestsOf(new(StorageService.Table, FiguresTable, StorageOperation.PointRead)));
        Assert.Equal(2, made.RequestsOf(new(StorageService.Table, FiguresTable, StorageOperation.Batch)));
        Assert.Equal(FigureStore.Shards + 8, made.Requests);
    }

    [Fact]
    public async Task Read_NothingPending_IsTwoQueriesPerShardAndWritesNothing()
    {
        var sequenceId = TestData.Id("seq");
        await Store.CountAsync(Sent(sequenceId, 1), CancellationToken.None);
        await Store.FoldAsync(CancellationToken.None);

        var before = counter.Snapshot();
        var (counts, requests) = await Store.ReadAsync(sequenceId, 1, null, null, CancellationToken.None);
        var made = counter.Snapshot().Since(before);

        Assert.Equal(1, counts.Sum(c => c[ReportMetric.Sent]));
        Assert.Equal(2 * FigureStore.Shards, made.Requests);
        Assert.Equal(made.Requests, made.RequestsOf(new(StorageService.Table, FiguresTable, StorageOperation.Query)));
        Assert.Equal(made.Requests, (long)requests);
    }
}
