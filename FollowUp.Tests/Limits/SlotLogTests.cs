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

    // Each limit keeps a unit out until its window and margin (2% of it, at most 1 s) have passed since the count-th before it:
    // 1 s windows space by 1.02 s, 10 s windows by 10.2 s, windows of a minute or more by the window plus 1 s.
    [Theory]
    [InlineData("1/1", 4, "0,1.02,2.04,3.06")]
    [InlineData("2/1 3/10", 9, "0,0,1.02,10.2,10.2,11.22,20.4,20.4,21.42")]
    [InlineData("3/60 2/1", 6, "0,0,1.02,61,61,62.02")]
    [InlineData("30/60 100/3600", 101, null)]
    public void Reserve_OneUnitAtATimeWithoutTimePassing_GrantsTheFirstSlotsWithinEveryLimit(string limits, int units, string? expectedSeconds)
    {
        var log = SlotLog.Empty();

        var slots = Enumerable.Range(0, units).Select(_ => (log.Reserve(1, Start, Limits(limits)) - Start).TotalSeconds).ToArray();

        var expected = expectedSeconds?.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture))
            // 30 a minute and 100 an hour: 30 at each of 0, 61 and 122 s, then 10 at 183 s, then the 101st an hour and a second after the first.
            ?? [.. Enumerable.Repeat(0.0, 30), .. Enumerable.Repeat(61.0, 30), .. Enumerable.Repeat(122.0, 30), .. Enumerable.Repeat(183.0, 10), 3601.0];
        Assert.Equal(expected, slots);
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(10, 200)]
    [InlineData(50, 1000)]
    [InlineData(60, 1000)]
    [InlineData(3600, 1000)]
    public void Margin_OfAWindow_IsTwoPercentOfItAtMostOneSecond(int windowSeconds, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), SlotLog.Margin(RateLimit.Of(1, TimeSpan.FromSeconds(windowSeconds))));

    [Fact]
    public void Reserve_SeveralUnits_ReservesOneSlotPerUnitAndReturnsTheLast()
    {
        var log = SlotLog.Empty();
        var limits = Limits("1/1 10/60");
        var spacing = TimeSpan.FromSeconds(1) + SlotLog.Margin(limits[0]);

        var slot = log.Reserve(3, Start, limits);

        Assert.Equal(Start + 2 * spacing, slot);
        Assert.Equal([Start, Start + spacing, Start + 2 * spacing], log.Slots);
    }

    [Fact]
    public void Reserve_AfterTheWindowButWithinItsMargin_StillCountsTheSlotsOfThatWindow()
    {
        var log = SlotLog.Empty();
        var limits = Limits("3/60");
        log.Reserve(2, Start, limits);
        var withinMargin = Start.AddSeconds(60.5);

        var third = log.Reserve(1, withinMargin, limits);
        var fourth = log.Reserve(1, withinMargin, limits);

        Assert.Equal(withinMargin, third);
        Assert.Equal(Start + TimeSpan.FromMinutes(1) + SlotLog.Margin(limits[0]), fourth);
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
