using System.Net;
using FollowUp.Engine.Sources.Forms;
using Microsoft.Extensions.Time.Testing;

namespace FollowUp.Tests.Sources.Forms;

public sealed class FormRateCapTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    private static void TakeAll(FormRateCap cap, string sourceId, IPAddress? client, int taken = 0)
    {
        for (var i = taken; i < FormRateCap.SubmissionsPerWindow; i++)
        {
            Assert.Null(cap.TryTake(sourceId, client));
        }
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:85a3:1:8a2e:370:7334:1", "2001:db8:85a3:1::/64")]
    [InlineData("2001:db8:85a3:1:ffff::2", "2001:db8:85a3:1::/64")]
    [InlineData("2001:db8:85a3:2::1", "2001:db8:85a3:2::/64")]
    [InlineData(null, "unknown")]
    public void ClientKey_CountsIpv4AsIsAndIpv6By64(string? address, string key) =>
        Assert.Equal(key, FormRateCap.ClientKey(address is null ? null : IPAddress.Parse(address)));

    [Fact]
    public void TryTake_SameIpv6Block_SharesTheCap()
    {
        var cap = new FormRateCap(clock);
        TakeAll(cap, "contact", IPAddress.Parse("2001:db8::1"));

        Assert.Equal(FormRateCap.Window, cap.TryTake("contact", IPAddress.Parse("2001:db8::2")));
        Assert.Null(cap.TryTake("contact", IPAddress.Parse("2001:db8:0:1::1")));
    }

    [Fact]
    public void TryTake_WindowStartsAtTheFirstSubmission()
    {
        var cap = new FormRateCap(clock);
        var client = IPAddress.Parse("203.0.113.7");
        Assert.Null(cap.TryTake("contact", client));
        clock.Advance(TimeSpan.FromSeconds(50));
        TakeAll(cap, "contact", client, taken: 1);

        Assert.Equal(TimeSpan.FromSeconds(10), cap.TryTake("contact", client));
        clock.Advance(TimeSpan.FromSeconds(10));
        TakeAll(cap, "contact", client);
        Assert.NotNull(cap.TryTake("contact", client));
    }

    [Fact]
    public void TryTake_TableFull_LetsNewClientsThroughUncountedUntilTheSweep()
    {
        var cap = new FormRateCap(clock);
        for (var i = 0; i < FormRateCap.MaxClients; i++)
        {
            Assert.Null(cap.TryTake($"source-{i}", null));
        }

        TakeAll(cap, "contact", null);
        Assert.Null(cap.TryTake("contact", null));

        clock.Advance(FormRateCap.Window);
        TakeAll(cap, "contact", null);
        Assert.NotNull(cap.TryTake("contact", null));
    }
}
