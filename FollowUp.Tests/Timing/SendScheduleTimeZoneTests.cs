using FollowUp.Engine.Sequences;
using static FollowUp.Tests.Timing.Timings;

namespace FollowUp.Tests.Timing;

/// <summary>The rules are read in the contact's zone, on either side of the date line.</summary>
public sealed class SendScheduleTimeZoneTests
{
    /// <summary>A UTC Friday evening: Saturday 11:00 in Auckland (UTC+13), still Friday noon around Hawaii and Samoa.</summary>
    private static readonly DateTimeOffset FridayEveningUtc = Utc("2026-11-27 22:00");

    [Theory]
    [InlineData("Pacific/Auckland", "2026-11-29 20:00")]
    [InlineData("Pacific/Kiritimati", "2026-11-29 19:00")]
    [InlineData("Pacific/Honolulu", "2026-11-27 22:00")]
    [InlineData("Pacific/Pago_Pago", "2026-11-27 22:00")]
    [InlineData("America/Adak", "2026-11-27 22:00")]
    public void Plan_FridayEveningUtc_IsReadInTheContactsZone(string zone, string sendUtc)
    {
        var plan = Schedule(zone, Weekdays).PlanAt(FridayEveningUtc);

        Assert.Equal(Utc(sendUtc), plan.SendUtc);
        Assert.Equal(zone, plan.TimeZone);
    }

    [Fact]
    public void Plan_SaturdayInAuckland_GoesMonday0900LocalPlusSpread()
    {
        var plan = Schedule("Pacific/Auckland", Weekdays, spread: TimeSpan.FromMinutes(15)).PlanAt(FridayEveningUtc);

        Assert.InRange(plan.SendUtc, Utc("2026-11-29 20:00"), Utc("2026-11-29 20:14").AddSeconds(59));
        Assert.StartsWith("Mon 2026-11-30 09:", LocalText(plan.SendUtc, "Pacific/Auckland"), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(13), plan.SendLocal.Offset);
    }

    [Fact]
    public void Plan_FridayNoonInHonolulu_IsNotSpread()
    {
        var plan = Schedule("Pacific/Honolulu", Weekdays, spread: TimeSpan.FromMinutes(15)).PlanAt(FridayEveningUtc);

        Assert.Equal(FridayEveningUtc, plan.SendUtc);
        Assert.Equal(TimeSpan.FromHours(-10), plan.SendLocal.Offset);
    }

    [Theory]
    [InlineData("Pacific/Auckland", "2026-11-29 21:00")]
    [InlineData("Pacific/Honolulu", "2026-11-30 19:00")]
    public void Plan_SundayEveningUtc_IsMondayOnlyWestOfTheDateLine(string zone, string sendUtc)
    {
        var due = Utc("2026-11-29 21:00");

        Assert.Equal(Utc(sendUtc), Schedule(zone, Weekdays).PlanAt(due).SendUtc);
    }

    [Theory]
    [InlineData("Pacific/Auckland", "2026-12-24 20:00", false)]
    [InlineData("Pacific/Auckland", "2026-12-25 10:59", false)]
    [InlineData("Pacific/Auckland", "2026-12-25 11:00", true)]
    [InlineData("Pacific/Auckland", "2026-12-25 12:00", true)]
    [InlineData("Pacific/Honolulu", "2026-12-25 09:59", true)]
    [InlineData("Pacific/Honolulu", "2026-12-25 10:00", false)]
    [InlineData("Pacific/Honolulu", "2026-12-26 09:59", false)]
    [InlineData("Pacific/Honolulu", "2026-12-26 10:00", true)]
    public void IsOpen_Holiday_IsTheLocalDateNotTheUtcDate(string zone, string atUtc, bool open)
    {
        Assert.Equal(open, Schedule(zone, holidays: Dates("2026-12-25")).IsOpen(Utc(atUtc), StepChannel.Email));
    }

    [Fact]
    public void Plan_HolidayInAucklandOnAUtcChristmasEve_WaitsForTheLocalMidnight()
    {
        var due = Utc("2026-12-24 20:00");

        var plan = Schedule("Pacific/Auckland", holidays: Dates("2026-12-25")).PlanAt(due);

        Assert.Equal(Utc("2026-12-25 11:00"), plan.SendUtc);
        Assert.Equal("Sat 2026-12-26 00:00:00", LocalText(plan.SendUtc, "Pacific/Auckland"));
    }
}
