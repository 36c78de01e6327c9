using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timing;
using static FollowUp.Tests.Timing.Timings;

namespace FollowUp.Tests.Timing;

/// <summary>Windows (also across midnight), holidays and SMS quiet hours, in America/Chicago (UTC-6 in late 2026) and Europe/Berlin (UTC+1).</summary>
public sealed class SendScheduleWindowTests
{
    /// <summary>Friday nights only: open Fri 22:00 to Sat 06:00.</summary>
    private static readonly SendWindow FridayNight = Window("Fri", "22:00", "06:00");

    [Theory]
    [InlineData("2026-11-26 23:00", false)]
    [InlineData("2026-11-27 02:00", false)]
    [InlineData("2026-11-27 21:59", false)]
    [InlineData("2026-11-27 22:00", true)]
    [InlineData("2026-11-28 00:00", true)]
    [InlineData("2026-11-28 05:59", true)]
    [InlineData("2026-11-28 06:00", false)]
    [InlineData("2026-11-28 22:00", false)]
    [InlineData("2026-11-29 02:00", false)]
    public void IsOpen_WindowWrappingMidnight_OpensOnTheListedDayUntilTheNextMorning(string local, bool open)
    {
        Assert.Equal(open, Schedule(Chicago, FridayNight).IsOpen(At(Chicago, local), StepChannel.Email));
    }

    [Theory]
    [InlineData("Fri", "22:00", "06:00", "2026-11-27 03:00", "2026-11-27 22:00")]
    [InlineData("Fri", "22:00", "06:00", "2026-11-28 01:00", "2026-11-28 01:00")]
    [InlineData("Fri", "22:00", "06:00", "2026-11-28 07:00", "2026-12-04 22:00")]
    [InlineData("Fri", "22:00", "06:00", "2026-11-28 23:00", "2026-12-04 22:00")]
    [InlineData("Mon,Tue,Wed,Thu,Fri", "09:00", "17:00", "2026-11-28 10:00", "2026-11-30 09:00")]
    [InlineData("Mon,Tue,Wed,Thu,Fri", "09:00", "17:00", "2026-11-23 08:59", "2026-11-23 09:00")]
    [InlineData("Mon,Tue,Wed,Thu,Fri", "09:00", "17:00", "2026-11-23 17:00", "2026-11-24 09:00")]
    [InlineData("Mon,Tue,Wed,Thu,Fri", "09:00", "17:00", "2026-11-27 16:59", "2026-11-27 16:59")]
    public void Plan_Window_SendsInsideOrAtTheNextOpening(string days, string start, string end, string dueLocal, string sendLocal)
    {
        Assert.Equal(At(Chicago, sendLocal), Schedule(Chicago, Window(days, start, end)).PlanAt(At(Chicago, dueLocal)).SendUtc);
    }

    [Fact]
    public void Plan_HolidaysAroundAWeekend_SkipsTheWholeRun()
    {
        var due = At(Berlin, "2026-12-24 10:00");

        var plan = Schedule(Berlin, Weekdays, holidays: Dates("2026-12-24", "2026-12-25", "2026-12-28")).PlanAt(due);

        Assert.Equal(Utc("2026-12-29 08:00"), plan.SendUtc);
    }

    [Fact]
    public void Plan_HolidayOnAFridayNight_ClosesTheAfterMidnightPartToo()
    {
        var due = At(Chicago, "2026-11-27 23:00");
        var schedule = Schedule(Chicago, FridayNight, holidays: Dates("2026-11-28"));

        Assert.True(schedule.IsOpen(due, StepChannel.Email));
        Assert.False(schedule.IsOpen(At(Chicago, "2026-11-28 00:00"), StepChannel.Email));
        Assert.Equal(At(Chicago, "2026-12-04 22:00"), schedule.PlanAt(At(Chicago, "2026-11-28 00:30")).SendUtc);
    }

    [Fact]
    public void Plan_SmsDueInQuietHours_WaitsUntil0800LocalPlusSpread()
    {
        var due = At(Chicago, "2026-11-23 23:30");

        var plan = Schedule(Chicago, smsQuietHours: DefaultQuietHours, spread: TimeSpan.FromMinutes(15)).PlanAt(due, StepChannel.Sms);

        Assert.InRange(plan.SendUtc, Utc("2026-11-24 14:00"), Utc("2026-11-24 14:14").AddSeconds(59));
    }

    [Theory]
    [InlineData(StepChannel.Sms, "21:00-08:00", "2026-11-24 08:00")]
    [InlineData(StepChannel.Email, "21:00-08:00", "2026-11-23 23:30")]
    [InlineData(StepChannel.Sms, "off", "2026-11-23 23:30")]
    [InlineData(StepChannel.Sms, "23:45-06:00", "2026-11-23 23:30")]
    [InlineData(StepChannel.Sms, "23:00-23:59", "2026-11-23 23:59")]
    public void Plan_QuietHours_HoldTextsOnly(StepChannel channel, string quietHours, string sendLocal)
    {
        var due = At(Chicago, "2026-11-23 23:30");

        var plan = Schedule(Chicago, smsQuietHours: QuietHours.Parse(quietHours)).PlanAt(due, channel);

        Assert.Equal(At(Chicago, sendLocal), plan.SendUtc);
    }

    [Theory]
    [InlineData(StepChannel.Email, "2026-11-23 07:00")]
    [InlineData(StepChannel.Sms, "2026-11-23 08:00")]
    public void Plan_WindowOpeningInQuietHours_HoldsTextsUntilTheQuietHoursEnd(StepChannel channel, string sendLocal)
    {
        var due = At(Chicago, "2026-11-23 06:00");

        var plan = Schedule(Chicago, Window("Mon,Tue,Wed,Thu,Fri", "07:00", "22:00"), DefaultQuietHours).PlanAt(due, channel);

        Assert.Equal(At(Chicago, sendLocal), plan.SendUtc);
    }

    [Fact]
    public void Plan_NotBeforeLaterThanDue_StartsFromNotBefore()
    {
        var due = At(Chicago, "2026-11-23 10:00");
        var notBefore = At(Chicago, "2026-11-23 18:00");

        var plan = Schedule(Chicago, Weekdays).Plan(due, StepChannel.Email, notBefore);

        Assert.Equal(At(Chicago, "2026-11-24 09:00"), plan.SendUtc);
        Assert.Equal(due, plan.DueUtc);
    }

    [Fact]
    public void Plan_EveryDayAHoliday_Throws()
    {
        var holidays = Enumerable.Range(0, 1000).Select(day => Dates("2026-01-01")[0].PlusDays(day));
        var due = Utc("2026-01-01 12:00");

        Assert.Throws<InvalidOperationException>(() => Schedule(Berlin, holidays: holidays).PlanAt(due));
    }
}
