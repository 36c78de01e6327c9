using Azure.Data.Tables;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace FollowUp.Tests.Reports;

/// <summary>Counts kept in the earlier layout of the Figures table (a partition per sequence and shard), as the code before the shared shards wrote them.</summary>
public sealed class FigureLayoutUpgradeTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private EngineHarness harness = null!;

    private TableClient Figures => harness.Storage.Table(StorageNames.FiguresTable);

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        harness = await EngineHarness.CreateAsync(azurite);
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await azurite.DisposeAsync();
    }

    private FigureLayoutUpgrade Upgrade() => new(harness.Storage, NullLogger<FigureLayoutUpgrade>.Instance);

    /// <summary>Two sequences' rows, each in its enrollment's shard as the earlier <c>FigureStore</c> wrote them (rows of one key share their columns): a send of each, an enrollment in one and a reply in the other.</summary>
    private async Task WriteEarlierLayoutAsync(string welcome, string quote, DateTimeOffset hour, string e1, string e2, string e3)
    {
        var h = hour.UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
        string Old(string sequenceId, string enrollmentId) => $"{sequenceId}|{FigureStore.ShardOf(enrollmentId):D2}";
        TableEntity[] rows =
        [
            new(Old(welcome, e1), $"f|{e1}|outcome|first") { ["Version"] = 1, ["Column"] = ReportMetric.Sent, ["AtUtc"] = hour },
            new(Old(welcome, e1), "t|000001|first|") { [ReportMetric.Sent] = 1L },
            new(Old(welcome, e1), $"h|000001|{h}|first|") { [ReportMetric.Sent] = 1L },
            new(Old(welcome, e1), $"a|{h}") { [ReportMetric.Sent] = 1L },
            new(Old(welcome, e1), $"f|{e1}|enrolled|*") { ["Version"] = 1, ["Column"] = ReportMetric.Enrolled, ["AtUtc"] = hour },
            new(Old(welcome, e1), "t|000001|*|") { [ReportMetric.Enrolled] = 1L },
            new(Old(quote, e2), $"f|{e2}|outcome|first") { ["Version"] = 2, ["Column"] = ReportMetric.Sent, ["AtUtc"] = hour },
            new(Old(quote, e2), "t|000002|first|b") { [ReportMetric.Sent] = 1L },
            new(Old(quote, e2), $"a|{h}") { [ReportMetric.Sent] = 1L },
            new(Old(quote, e3), $"f|{e3}|replied|first") { ["Version"] = 2, ["Column"] = ReportMetric.Replied, ["AtUtc"] = hour },
            new(Old(quote, e3), "t|000002|first|b") { [ReportMetric.Replied] = 1L },
            new(Old(quote, e3), $"a|{h}") { [ReportMetric.Replied] = 1L },
        ];
        foreach (var row in rows)
        {
            await Figures.UpsertEntityAsync(row, TableUpdateMode.Merge);
        }
    }

    [Fact]
    public async Task Start_EarlierLayout_ReportsTheSameCountsAndKeepsEachCountedOnce()
    {
        var (welcome, quote) = (TestData.Id("seq"), TestData.Id("seq"));
        var hour = new DateTimeOffset(2032, 2, 3, 9, 0, 0, TimeSpan.Zero);
        var (sent, quoted, replied) = (TestData.Id("e"), TestData.Id("e"), TestData.Id("e"));
        await WriteEarlierLayoutAsync(welcome, quote, hour, sent, quoted, replied);

        await Upgrade().StartAsync(CancellationToken.None);

        var store = harness.Get<FigureStore>();
        Assert.Equal(new SequenceTotals(1, 1, 1, 0), await store.ReadTotalsAsync(welcome, CancellationToken.None));
        var (counts, _) = await store.ReadAsync(quote, 2, null, null, CancellationToken.None);
        var variant = Assert.Single(counts);
        Assert.Equal((1, 1), (variant[ReportMetric.Sent], variant[ReportMetric.Replied]));
        var (hours, _) = await store.ReadAsync(welcome, 1, hour, hour.AddHours(1), CancellationToken.None);
        Assert.Equal(1, Assert.Single(hours)[ReportMetric.Sent]);
        Assert.Equal([new ActivityHour(hour, 2, 1)], await store.ReadActivityAsync(hour, hour.AddHours(1), CancellationToken.None));
        Assert.Empty(await Figures.QueryAsync<TableEntity>().Where(row => row.PartitionKey.Contains('|')).ToListAsync());
        Assert.False(await store.CountAsync(new ReportCount(welcome, 1, "first", null, sent, ReportMetric.OutcomeFact, [ReportMetric.Sent], hour), CancellationToken.None));
        Assert.Equal(1, (await store.ReadTotalsAsync(welcome, CancellationToken.None)).Sent);
    }

    [Fact]
    public async Task Start_CrashAfterTheMoveBeforeTheOldRowsWentAndAgain_MovesNothingTwice()
    {
        var (welcome, quote) = (TestData.Id("seq"), TestData.Id("seq"));
        var hour = new DateTimeOffset(2032, 2, 4, 9, 0, 0, TimeSpan.Zero);
        var (sent, quoted, replied) = (TestData.Id("e"), TestData.Id("e"), TestData.Id("e"));
        await WriteEarlierLayoutAsync(welcome, quote, hour, sent, quoted, replied);
        await Upgrade().StartAsync(CancellationToken.None);
        await WriteEarlierLayoutAsync(welcome, quote, hour, sent, quoted, replied);
        await Figures.UpsertEntityAsync(new TableEntity("layout", "shards") { ["Cleaned"] = false }, TableUpdateMode.Replace);

        await Upgrade().StartAsync(CancellationToken.None);
        await Upgrade().StartAsync(CancellationToken.None);

        var store = harness.Get<FigureStore>();
        Assert.Equal([new ActivityHour(hour, 2, 1)], await store.ReadActivityAsync(hour, hour.AddHours(1), CancellationToken.None));
        Assert.Equal(new SequenceTotals(1, 1, 1, 0), await store.ReadTotalsAsync(welcome, CancellationToken.None));
        Assert.Empty(await Figures.QueryAsync<TableEntity>().Where(row => row.PartitionKey.Contains('|')).ToListAsync());
    }

    [Fact]
    public async Task Start_NewInstall_MarksItselfDoneSoALaterStartReadsOneRow()
    {
        await Upgrade().StartAsync(CancellationToken.None);

        var marker = await Figures.GetEntityAsync<TableEntity>("layout", "shards");
        Assert.True(marker.Value.GetBoolean("Cleaned"));
    }
}
