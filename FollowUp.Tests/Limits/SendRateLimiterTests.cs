using Azure.Data.Tables;
using FollowUp.Engine;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FollowUp.Tests.Limits;

public sealed class SendRateLimiterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Start);
    private FollowUpStorage storage = null!;

    private TableClient Table => storage.Table(StorageNames.RateLimitsTable);

    /// <summary>Starts every test with no rate-limit rows, since the tests of this class share one Azurite.</summary>
    public async Task InitializeAsync()
    {
        storage = new FollowUpStorage(new ConfigurationBuilder()
            .AddInMemoryCollection(azurite.Settings)
            .Build());
        await storage.EnsureCreatedAsync(CancellationToken.None);
        await foreach (var row in Table.QueryAsync<TableEntity>())
        {
            await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A limiter as one host has it, with these email limits; each call makes a new instance, as another host would.</summary>
    private SendRateLimiter Limiter(params RateLimit[] emailLimits) => new(
        storage,
        new SendRateLimits(Options.Create(new FollowUpOptions { Email = { RateLimits = [.. emailLimits] } })),
        clock,
        NullLogger<SendRateLimiter>.Instance);

    private static Task<DateTimeOffset> ReserveEmailAsync(SendRateLimiter limiter, int units = 1) =>
        limiter.ReserveAsync(StepChannel.Email, units, CancellationToken.None);

    private async Task<SlotLog?> StoredLogAsync()
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>("email", "");
        return row.HasValue ? SlotLog.FromBytes(row.Value!.GetBinary("Slots"), row.Value.GetDateTimeOffset("PausedUntil")) : null;
    }

    /// <summary>How far apart a unit and the count-th unit after it are kept: the limit's window and its margin.</summary>
    private static TimeSpan Spacing(RateLimit limit) => limit.Window + SlotLog.Margin(limit);

    /// <summary>Fails when a window of any limit's length, widened by its margin, holds more units than its count.</summary>
    private static void AssertEveryWindowWithin(IEnumerable<DateTimeOffset> slots, params RateLimit[] limits)
    {
        var sorted = slots.Order().ToArray();
        foreach (var limit in limits)
        {
            for (var i = 0; i + limit.Count < sorted.Length; i++)
            {
                Assert.True(sorted[i + limit.Count] - sorted[i] >= Spacing(limit),
                    $"{limit.Count + 1} units from {sorted[i]:HH:mm:ss.fff} to {sorted[i + limit.Count]:HH:mm:ss.fff} break {limit}.");
            }
        }
    }

    [Fact]
    public async Task Reserve_NoLimits_ReturnsNowAndStoresNothing()
    {
        var limiter = Limiter();

        var slots = new[] { await ReserveEmailAsync(limiter), await ReserveEmailAsync(limiter, 5) };

        Assert.All(slots, slot => Assert.Equal(Start, slot));
        Assert.Null(await StoredLogAsync());
    }

    [Fact]
    public async Task Reserve_WithinTheLimit_ReturnsNow()
    {
        var limiter = Limiter(RateLimit.Of(3, TimeSpan.FromMinutes(1)));

        var first = await ReserveEmailAsync(limiter);
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = await ReserveEmailAsync(limiter, 2);

        Assert.Equal(Start, first);
        Assert.Equal(Start.AddSeconds(10), second);
    }

    [Fact]
    public async Task Reserve_OneUnitMoreThanTheCount_WaitsUntilTheFirstLeavesTheWindowByTheMargin()
    {
        var limit = RateLimit.Of(2, TimeSpan.FromMinutes(1));
        var limiter = Limiter(limit);
        await ReserveEmailAsync(limiter);
        clock.Advance(TimeSpan.FromSeconds(10));
        await ReserveEmailAsync(limiter);
        clock.Advance(TimeSpan.FromSeconds(10));

        var third = await ReserveEmailAsync(limiter);
        var fourth = await ReserveEmailAsync(limiter);

        Assert.Equal(Start + Spacing(limit), third);
        Assert.Equal(Start.AddSeconds(10) + Spacing(limit), fourth);
    }

    [Fact]
    public async Task Reserve_TwoLimits_KeepsBoth()
    {
        RateLimit[] limits = [RateLimit.Of(2, TimeSpan.FromSeconds(1)), RateLimit.Of(3, TimeSpan.FromSeconds(10))];
        var limiter = Limiter(limits);

        var slots = new List<DateTimeOffset>();
        for (var i = 0; i < 6; i++)
        {
            slots.Add(await ReserveEmailAsync(limiter));
        }

        // Margins of 20 ms and 200 ms: 2 a second puts the third 1.02 s after the first, 3 in 10 s the fourth 10.2 s after it.
        Assert.Equal([0.0, 0, 1.02, 10.2, 10.2, 11.22], slots.Select(slot => (slot - Start).TotalSeconds));
        AssertEveryWindowWithin(slots, limits);
    }

    [Fact]
    public async Task Reserve_SeveralUnits_ReturnsTheSlotOfTheLastAndHoldsAllOfThem()
    {
        var perSecond = RateLimit.Of(1, TimeSpan.FromSeconds(1));
        var limiter = Limiter(perSecond, RateLimit.Of(10, TimeSpan.FromMinutes(1)));

        var threeSegments = await ReserveEmailAsync(limiter, 3);
        var next = await ReserveEmailAsync(limiter);

        var spacing = Spacing(perSecond);
        Assert.Equal(Start + 2 * spacing, threeSegments);
        Assert.Equal(Start + 3 * spacing, next);
        Assert.Equal([Start, Start + spacing, Start + 2 * spacing, Start + 3 * spacing], (await StoredLogAsync())!.Slots);
    }

    [Fact]
    public async Task Reserve_TwoHostsConcurrently_GrantDistinctSlotsInOrderWithinEveryWindow()
    {
        RateLimit[] limits = [RateLimit.Of(1, TimeSpan.FromSeconds(1)), RateLimit.Of(5, TimeSpan.FromSeconds(10))];
        SendRateLimiter[] hosts = [Limiter(limits), Limiter(limits)];
        const int PerHost = 20;

        var slots = await Task.WhenAll(hosts.SelectMany(host => Enumerable.Range(0, PerHost).Select(_ => Task.Run(() => ReserveEmailAsync(host)))));

        // One after another the same limits grant 5 units a second (and its margin) apart, every 10 s (and its margin): no slot lost, none given twice.
        var expected = Enumerable.Range(0, hosts.Length * PerHost).Select(i => Start + i / 5 * Spacing(limits[1]) + i % 5 * Spacing(limits[0]));
        Assert.Equal(expected, slots.Order());
        AssertEveryWindowWithin(slots, limits);
    }

    [Fact]
    public async Task Pause_ThenReserve_GrantsNoSlotBeforeItsEndOnAnyHost()
    {
        var limits = RateLimit.Of(1, TimeSpan.FromSeconds(1));
        await ReserveEmailAsync(Limiter(limits));
        var throttled = Limiter(limits);

        await throttled.PauseAsync(StepChannel.Email, Start.AddSeconds(30), CancellationToken.None);
        await throttled.PauseAsync(StepChannel.Email, Start.AddSeconds(5), CancellationToken.None);
        var other = Limiter(limits);

        Assert.Equal(Start.AddSeconds(30), await ReserveEmailAsync(other));
        Assert.Equal(Start.AddSeconds(30) + Spacing(limits), await ReserveEmailAsync(throttled));
    }

    [Fact]
    public async Task Reserve_5000PerHour_FitsTheRowAndHoldsTheLimit()
    {
        var limit = RateLimit.Of(5000, TimeSpan.FromHours(1));
        var limiter = Limiter(limit);

        var all = await ReserveEmailAsync(limiter, 5000);
        clock.Advance(TimeSpan.FromMinutes(1));
        var next = await ReserveEmailAsync(limiter);

        Assert.Equal(Start, all);
        Assert.Equal(Start + Spacing(limit), next);
        var row = await Table.GetEntityAsync<TableEntity>("email", "");
        Assert.Equal(5000 * sizeof(long), row.Value.GetBinary("Slots").Length);
    }

    [Fact]
    public async Task Reserve_AfterLimitsChanged_CountsEarlierSlotsUnderTheNewLimits()
    {
        var perSecond = RateLimit.Of(1, TimeSpan.FromSeconds(1));
        await ReserveEmailAsync(Limiter(perSecond, RateLimit.Of(3, TimeSpan.FromMinutes(1))), 3);
        var twoPerMinute = RateLimit.Of(2, TimeSpan.FromMinutes(1));
        var reconfigured = Limiter(twoPerMinute);

        var slot = await ReserveEmailAsync(reconfigured);

        // The earlier slots lie at 0, 1.02 and 2.04 s; the second most recent, at 1.02 s, holds the new one back.
        var secondSlot = Start + Spacing(perSecond);
        Assert.Equal(secondSlot + Spacing(twoPerMinute), slot);
        Assert.Equal([secondSlot + Spacing(perSecond), slot], (await StoredLogAsync())!.Slots);
    }
}
