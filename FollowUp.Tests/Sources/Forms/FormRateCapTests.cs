using System.Net;
using FollowUp.Engine;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FollowUp.Tests.Sources.Forms;

public sealed class FormRateCapTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2030, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string source = TestData.Id("form");
    private FollowUpStorage storage = null!;

    public async Task InitializeAsync()
    {
        storage = new FollowUpStorage(new ConfigurationBuilder()
            .AddInMemoryCollection(azurite.Settings)
            .Build());
        await storage.EnsureCreatedAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A cap as one instance has it; each call makes a new one, as another instance of the app would.</summary>
    private FormRateCap Cap(int perClient = 3, int perSource = 100) => new(storage, clock, Options.Create(new FollowUpOptions
    {
        Forms = new FormsOptions
        {
            PerClient = RateLimit.Of(perClient, TimeSpan.FromMinutes(10)),
            PerSource = RateLimit.Of(perSource, TimeSpan.FromHours(1)),
        },
    }));

    private static IPAddress Ip(string address) => IPAddress.Parse(address);

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:85a3:1:8a2e:370:7334:1", "2001:db8:85a3:1::/64")]
    [InlineData("2001:db8:85a3:1:ffff::2", "2001:db8:85a3:1::/64")]
    [InlineData("2001:db8:85a3:2::1", "2001:db8:85a3:2::/64")]
    [InlineData(null, "unknown")]
    public void ClientKey_CountsIpv4AsIsAndIpv6By64(string? address, string key) =>
        Assert.Equal(key, FormRateCap.ClientKey(address is null ? null : Ip(address)));

    [Fact]
    public void ClientRow_HoldsAHashNotTheAddress()
    {
        var row = FormRateCap.ClientRow(Ip("203.0.113.7"));

        Assert.DoesNotContain("203", row, StringComparison.Ordinal);
        Assert.Equal(FormRateCap.ClientRow(Ip("::ffff:203.0.113.7")), row);
        Assert.NotEqual(FormRateCap.ClientRow(Ip("203.0.113.8")), row);
    }

    [Fact]
    public async Task TryTake_AcrossInstances_CountsOneClientOnce()
    {
        var client = Ip("203.0.113.7");
        Assert.Null(await Cap().TryTakeAsync(source, client, CancellationToken.None));
        Assert.Null(await Cap().TryTakeAsync(source, client, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(await Cap().TryTakeAsync(source, client, CancellationToken.None));

        Assert.Equal(TimeSpan.FromMinutes(6), await Cap().TryTakeAsync(source, client, CancellationToken.None));
        Assert.Null(await Cap().TryTakeAsync(source, Ip("198.51.100.20"), CancellationToken.None));
        Assert.Null(await Cap().TryTakeAsync(TestData.Id("form"), client, CancellationToken.None));
    }

    [Fact]
    public async Task TryTake_SameIpv6Block_SharesTheCap()
    {
        var cap = Cap(perClient: 1);
        Assert.Null(await cap.TryTakeAsync(source, Ip("2001:db8::1"), CancellationToken.None));

        Assert.NotNull(await cap.TryTakeAsync(source, Ip("2001:db8::2"), CancellationToken.None));
        Assert.Null(await cap.TryTakeAsync(source, Ip("2001:db8:0:1::1"), CancellationToken.None));
    }

    [Fact]
    public async Task TryTake_AfterTheWindow_CountsAfreshInTheSameRow()
    {
        var client = Ip("203.0.113.9");
        var cap = Cap(perClient: 1);
        Assert.Null(await cap.TryTakeAsync(source, client, CancellationToken.None));
        Assert.NotNull(await cap.TryTakeAsync(source, client, CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(await cap.TryTakeAsync(source, client, CancellationToken.None));
        Assert.Equal(2, await storage.Table(StorageNames.FormCountersTable).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == source).CountAsync());
    }

    [Fact]
    public async Task TryTake_ManyClients_AreAllCountedAgainstTheSourceCap()
    {
        var cap = Cap(perSource: 20);
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(await cap.TryTakeAsync(source, Ip($"198.51.100.{i}"), CancellationToken.None));
        }

        clock.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(TimeSpan.FromMinutes(45), await Cap(perSource: 20).TryTakeAsync(source, Ip("192.0.2.1"), CancellationToken.None));
    }

    [Fact]
    public async Task TryTake_ConcurrentInstances_NeverLetMoreThroughThanTheCap()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Cap(perClient: 100, perSource: 5).TryTakeAsync(source, Ip($"192.0.2.{i}"), CancellationToken.None)));

        Assert.True(results.Count(r => r is null) <= 5, $"{results.Count(r => r is null)} got through a cap of 5.");
        Assert.Contains(results, r => r is null);
    }
}
