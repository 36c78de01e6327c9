using System.Globalization;
using FollowUp.Engine;
using FollowUp.Engine.Limits;

namespace FollowUp.Tests.Limits;

public sealed class SlotLogTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Reads limits written as <c>count/seconds</c>, separated by spaces.</summary>
    private static RateLimit[] Limits(string text) =>
    [
        .. text.Split(' ').Select(part => part.Split('/')).Select(pair =>
            RateLimit.Of(int.Parse(pair[0], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(int.Parse(pair[1], CultureInfo.InvariantCulture)))),
    ];

    [Theory]
    [InlineData("1/1", 4, "0,1,2,3")]
    [InlineData("2/1 3/10", 9, "0,0,1,10,10,11,20,20,21")]
    [InlineData("3/60 2/1", 6, "0,0,1,60,60,61")]
    [InlineData("30/60 100/3600", 101, null)]
    public void Reserve_OneUnitAtATimeWithoutTimePassing_GrantsTheFirstSlotsWithinEveryLimit(string limits, int units, string? expectedSeconds)
    {
        var log = SlotLog.Empty();

        var slots = Enumerable.Range(0, units).Select(_ => (log.Reserve(1, Start, Limits(limits)) - Start).TotalSeconds).ToArray();

        var expected = expectedSeconds?.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture))
            // 30 a minute and 100 an hour: 30 at each of 0, 1 and 2 minutes, then 10 at 3 minutes, then the 101st an hour after the first.
            ?? [.. Enumerable.Repeat(0.0, 30), .. Enumerable.Repeat(60.0, 30), .. Enumerable.Repeat(120.0, 30), .. Enumerable.Repeat(180.0, 10), 3600.0];
        Assert.Equal(expected, slots);
    }

    [Fact]
    public void Reserve_SeveralUnits_ReservesOneSlotPerUnitAndReturnsTheLast()
    {
        var log = SlotLog.Empty();

        var slot = log.Reserve(3, Start, Limits("1/1 10/60"));

        Assert.Equal(Start.AddSeconds(2), slot);
        Assert.Equal([Start, Start.AddSeconds(1), Start.AddSeconds(2)], log.Slots);
    }

    [Fact]
    public void Reserve_AfterTheLongestWindowPassed_KeepsOnlyTheNewSlot()
    {
        var log = SlotLog.Empty();
        log.Reserve(2, Start, Limits("2/60 1/1"));
        var later = Start.AddMinutes(2);

        var slot = log.Reserve(1, later, Limits("2/60 1/1"));

        Assert.Equal(later, slot);
        Assert.Equal([later], log.Slots);
    }

    [Fact]
    public void Reserve_MoreUnitsThanTheLargestCount_KeepsOnlyThatMany()
    {
        var log = SlotLog.Empty();

        log.Reserve(10, Start, Limits("3/1"));

        Assert.Equal(3, log.Slots.Count);
        Assert.Equal(3 * sizeof(long), log.ToBytes().Length);
    }

    [Fact]
    public void FromBytes_WhatToBytesWrote_ReadsTheSameSlotsAndPause()
    {
        var log = SlotLog.Empty();
        log.Pause(Start.AddSeconds(5));
        log.Reserve(3, Start, Limits("2/1"));

        var read = SlotLog.FromBytes(log.ToBytes(), log.PausedUntil);

        Assert.Equal(log.Slots, read.Slots);
        Assert.Equal(Start.AddSeconds(5), read.PausedUntil);
        Assert.Equal(read.Reserve(1, Start, Limits("2/1")), log.Reserve(1, Start, Limits("2/1")));
    }

    [Fact]
    public void Pause_EndingBeforeTheCurrentPause_DoesNotShortenIt()
    {
        var log = SlotLog.Empty();
        log.Pause(Start.AddSeconds(30));

        log.Pause(Start.AddSeconds(10));

        Assert.Equal(Start.AddSeconds(30), log.PausedUntil);
        Assert.Equal(Start.AddSeconds(30), log.Reserve(1, Start, Limits("1/1")));
    }

    [Fact]
    public void Reserve_NoUnits_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SlotLog.Empty().Reserve(0, Start, Limits("1/1")));
}
