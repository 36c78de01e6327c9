using FollowUp.Engine.Sequences;
using static FollowUp.Tests.Timing.Timings;

namespace FollowUp.Tests.Timing;

/// <summary>Delays and windows across the daylight-saving changes of 2026: Chicago 03-08 and 11-01, Berlin 03-29 and 10-25.</summary>
public sealed class SendScheduleDaylightSavingTests
{
    [Theory]
    [InlineData(Chicago, "2026-03-07 16:00", "P1D", "2026-03-08 15:00")]
    [InlineData(Chicago, "2026-03-06 16:00", "P3D", "2026-03-09 15:00")]
    [InlineData(Chicago, "2026-10-31 15:00", "P1D", "2026-11-01 16:00")]
    [InlineData(Chicago, "2026-10-30 15:00", "P3D", "2026-11-02 16:00")]
    [InlineData(Berlin, "2026-03-28 08:00", "P1D", "2026-03-29 07:00")]
    [InlineData(Berlin, "2026-03-27 08:00", "P3D", "2026-03-30 07:00")]
    [InlineData(Berlin, "2026-10-24 07:00", "P1D", "2026-10-25 08:00")]
    [InlineData(Berlin, "2026-10-23 07:00", "P3D", "2026-10-26 08:00")]
    public void AddDelay_WholeDaysAcrossTheChange_KeepTheLocalTime(string zone, string fromUtc, string delay, string dueUtc)
    {
        var due = Schedule(zone).AddDelay(Utc(fromUtc), System.Xml.XmlConvert.ToTimeSpan(delay));

        Assert.Equal(Utc(dueUtc), due);
        Assert.Equal(LocalText(Utc(fromUtc), zone)[^8..], LocalText(due, zone)[^8..]);
    }

    [Theory]
    [InlineData(Chicago, "2026-03-08 07:30", "2026-03-08 08:30")]
    [InlineData(Chicago, "2026-11-01 06:30", "2026-11-01 07:30")]
    [InlineData(Berlin, "2026-03-29 00:30", "2026-03-29 01:30")]
    [InlineData(Berlin, "2026-10-25 00:30", "2026-10-25 01:30")]
    public void AddDelay_OneHourAcrossTheChange_IsOneElapsedHour(string zone, string fromUtc, string dueUtc)
    {
        Assert.Equal(Utc(dueUtc), Schedule(zone).AddDelay(Utc(fromUtc), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void AddDelay_DaysAndHours_AddsCalendarDaysThenElapsedHours()
    {
        // Sat 01:30 CST, one calendar day to Sun 01:30 CST, then two elapsed hours over the gap: 04:30 CDT.
        var due = Schedule(Chicago).AddDelay(Utc("2026-03-07 07:30"), new TimeSpan(1, 2, 0, 0));

        Assert.Equal(Utc("2026-03-08 09:30"), due);
        Assert.Equal("Sun 2026-03-08 04:30:00", LocalText(due, Chicago));
    }

    [Theory]
    [InlineData(Chicago, "2026-03-07 08:30", "2026-03-08 08:00")]
    [InlineData(Berlin, "2026-03-28 01:30", "2026-03-29 01:00")]
    public void AddDelay_DayLandingInTheSpringGap_MovesToTheEndOfTheGap(string zone, string fromUtc, string dueUtc)
    {
        var due = Schedule(zone).AddDelay(Utc(fromUtc), TimeSpan.FromDays(1));

        Assert.Equal(Utc(dueUtc), due);
        Assert.EndsWith(" 03:00:00", LocalText(due, zone), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Chicago, "2026-10-31 06:30", "2026-11-01 06:30")]
    [InlineData(Berlin, "2026-10-24 00:30", "2026-10-25 00:30")]
    public void AddDelay_DayLandingInTheAutumnOverlap_TakesTheFirstOccurrence(string zone, string fromUtc, string dueUtc)
    {
        Assert.Equal(Utc(dueUtc), Schedule(zone).AddDelay(Utc(fromUtc), TimeSpan.FromDays(1)));
    }

    [Theory]
    [InlineData(Chicago, "02:30", "04:00", "2026-03-08 06:00", "2026-03-08 08:00")]
    [InlineData(Chicago, "02:00", "04:00", "2026-03-08 06:00", "2026-03-08 08:00")]
    [InlineData(Berlin, "02:15", "03:30", "2026-03-28 23:00", "2026-03-29 01:00")]
    public void Plan_WindowStartingInTheSpringGap_OpensOnceAtTheEndOfTheGap(string zone, string start, string end, string dueUtc, string sendUtc)
    {
        var schedule = Schedule(zone, Window("Sun", start, end));

        var plan = schedule.PlanAt(Utc(dueUtc));

        Assert.Equal(Utc(sendUtc), plan.SendUtc);
        Assert.True(schedule.IsOpen(plan.SendUtc, StepChannel.Email));
        Assert.False(schedule.IsOpen(plan.SendUtc.AddTicks(-1), StepChannel.Email));
    }

    [Fact]
    public void Plan_SpreadAfterAnOpeningInTheGap_StaysInsideTheShortenedWindow()
    {
        // 02:30–03:10 on the spring-forward day lasts 10 minutes: 03:00 to 03:10 CDT.
        for (var i = 0; i < 20; i++)
        {
            var schedule = Schedule(Chicago, Window("Sun", "02:30", "03:10"), spread: TimeSpan.FromHours(1), enrollmentId: $"e{i}");

            var plan = schedule.PlanAt(Utc("2026-03-08 06:00"));

            Assert.InRange(plan.SendUtc, Utc("2026-03-08 08:00"), Utc("2026-03-08 08:09").AddSeconds(59));
            Assert.True(schedule.IsOpen(plan.SendUtc, StepChannel.Email));
        }
    }

    [Theory]
    [InlineData(Chicago, "01:30", "04:00", "2026-11-01 05:00", "2026-11-01 06:30")]
    [InlineData(Berlin, "02:30", "05:00", "2026-10-24 22:00", "2026-10-25 00:30")]
    public void Plan_WindowStartingInTheAutumnOverlap_OpensAtTheFirstOccurrence(string zone, string start, string end, string dueUtc, string sendUtc)
    {
        var plan = Schedule(zone, Window("Sun", start, end)).PlanAt(Utc(dueUtc));

        Assert.Equal(Utc(sendUtc), plan.SendUtc);
    }

    [Fact]
    public void Plan_WindowInTheRepeatedHour_IsUsedFirstTimeRoundThenAgainForAStepDueBetween()
    {
        // 01:30–01:45 exists twice on 2026-11-01 in Chicago: 06:30–06:45 UTC (CDT), then 07:30–07:45 UTC (CST).
        var schedule = Schedule(Chicago, Window("Sun", "01:30", "01:45"));

        var first = schedule.PlanAt(Utc("2026-11-01 05:00"));
        var between = schedule.Plan(Utc("2026-11-01 06:50"), StepChannel.Email, first.SendUtc);

        Assert.Equal(Utc("2026-11-01 06:30"), first.SendUtc);
        Assert.Equal(Utc("2026-11-01 07:30"), between.SendUtc);
    }

    /// <summary>Wherever a step falls due over a change weekend, it goes at the first instant the rules allow, minute by minute.</summary>
    [Theory]
    [InlineData(Chicago, "Sun", "02:30", "04:00", "2026-03-07 00:00")]
    [InlineData(Chicago, "Sat,Sun", "22:00", "02:30", "2026-03-07 00:00")]
    [InlineData(Chicago, "Sun", "01:30", "01:45", "2026-10-31 00:00")]
    [InlineData(Chicago, "Sun", "01:00", "01:30", "2026-10-31 00:00")]
    [InlineData(Berlin, "Sun", "02:15", "03:30", "2026-03-28 00:00")]
    [InlineData(Berlin, "Sat,Sun", "23:00", "02:30", "2026-10-24 00:00")]
    public void Plan_AnyDueOverTheChangeWeekend_IsTheFirstOpenMinute(string zone, string days, string start, string end, string fromUtc)
    {
        var schedule = Schedule(zone, Window(days, start, end));

        for (var due = Utc(fromUtc); due < Utc(fromUtc).AddDays(3); due = due.AddMinutes(30))
        {
            var send = schedule.PlanAt(due).SendUtc;

            Assert.True(schedule.IsOpen(send, StepChannel.Email), $"closed at {send:u}, due {due:u}");
            for (var minute = due; minute < send; minute = minute.AddMinutes(1))
            {
                Assert.False(schedule.IsOpen(minute, StepChannel.Email), $"due {due:u} planned at {send:u}, but open at {minute:u}");
            }
        }
    }

    [Fact]
    public void Plan_ZoneThatSpringsForwardAtMidnight_OpensAtTheFirstInstantOfTheDay()
    {
        // Santiago goes from 00:00 to 01:00 on Sun 2026-09-06, so that day has no midnight; its window opens at 01:00.
        var schedule = Schedule("America/Santiago", Window("Sun", "00:00", "06:00"), holidays: Dates("2026-09-05"));

        var plan = schedule.PlanAt(At("America/Santiago", "2026-09-05 10:00"));

        Assert.Equal("Sun 2026-09-06 01:00:00", LocalText(plan.SendUtc, "America/Santiago"));
    }
}
