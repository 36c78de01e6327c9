using FollowUp.Engine.Sequences;
using static FollowUp.Tests.Timing.Timings;

namespace FollowUp.Tests.Timing;

/// <summary>The one-sentence reasoning a plan carries.</summary>
public sealed class SendScheduleExplainTests
{
    [Fact]
    public void Plan_SaturdayDueOutsideTheWeekdays_ExplainsTheWindowTheOpeningAndTheSpread()
    {
        var due = Utc("2026-11-28 14:10");

        var plan = Schedule(Chicago, Weekdays, spread: TimeSpan.FromMinutes(15), enrollmentId: "c1-a").PlanAt(due);

        var offset = plan.SendUtc - Utc("2026-11-30 15:00");
        Assert.InRange(offset, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));
        var spread = offset.Seconds == 0 ? $"{(int)offset.TotalMinutes} min" : $"{(int)offset.TotalMinutes} min {offset.Seconds} s";
        Assert.StartsWith("due Sat 2026-11-28 14:10 UTC (08:10 America/Chicago); ", plan.Explanation, StringComparison.Ordinal);
        Assert.Contains("outside the window Mon–Fri 09:00–17:00 America/Chicago", plan.Explanation, StringComparison.Ordinal);
        Assert.Contains($"send Mon 2026-11-30 09:{offset.Minutes:D2} local (Mon 2026-11-30 15:{offset.Minutes:D2} UTC)", plan.Explanation, StringComparison.Ordinal);
        Assert.EndsWith($", the next opening plus a spread of {spread}", plan.Explanation, StringComparison.Ordinal);
        Assert.Equal("contact", plan.TimeZoneFrom);
        Assert.Equal(TimeSpan.FromHours(-6), plan.SendLocal.Offset);
    }

    [Fact]
    public void Plan_DueInsideTheWindow_SaysSendAtTheDueTime()
    {
        var due = Utc("2026-11-30 16:00");

        var plan = Schedule(Chicago, Weekdays, spread: TimeSpan.FromMinutes(15)).PlanAt(due);

        Assert.Equal("due Mon 2026-11-30 16:00 UTC (10:00 America/Chicago); inside the window Mon–Fri 09:00–17:00 America/Chicago; send at the due time", plan.Explanation);
    }

    [Fact]
    public void Plan_NoWindowInUtc_SaysNoWindowApplies()
    {
        var due = Utc("2026-11-30 16:00");

        Assert.Equal("due Mon 2026-11-30 16:00 UTC; no send window applies; send at the due time", Schedule("Etc/UTC").PlanAt(due).Explanation);
    }

    [Fact]
    public void Plan_ZeroSpread_SaysTheNextOpening()
    {
        var due = Utc("2026-11-28 14:10");

        var plan = Schedule(Chicago, Weekdays).PlanAt(due);

        Assert.EndsWith("; send Mon 2026-11-30 09:00 local (Mon 2026-11-30 15:00 UTC), the next opening", plan.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SmsInQuietHours_NamesTheQuietHours()
    {
        var due = At(Chicago, "2026-11-23 23:30");

        var plan = Schedule(Chicago, smsQuietHours: DefaultQuietHours).PlanAt(due, StepChannel.Sms);

        Assert.Contains("; in the SMS quiet hours 21:00–08:00 America/Chicago; send Tue 2026-11-24 08:00 local", plan.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Holiday_NamesTheLocalDate()
    {
        var due = Utc("2026-12-24 20:00");

        var plan = Schedule("Pacific/Auckland", holidays: Dates("2026-12-25")).PlanAt(due);

        Assert.Contains("; on the holiday 2026-12-25 in Pacific/Auckland; send Sat 2026-12-26 00:00 local (Fri 2026-12-25 11:00 UTC)", plan.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_SendHeldByTheStepAhead_SaysItWentLater()
    {
        var due = Utc("2026-11-28 14:10");

        var plan = Schedule(Chicago, Weekdays).Explain(due, Utc("2026-11-30 18:00"), StepChannel.Email);

        Assert.EndsWith("send Mon 2026-11-30 12:00 local (Mon 2026-11-30 18:00 UTC), later than the next opening (the step ahead of it, a cap or a wait moved it)", plan.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_OpenDueSentLater_SaysItWentLaterThanDue()
    {
        var due = Utc("2026-11-30 16:00");

        var plan = Schedule(Chicago, Weekdays).Explain(due, due.AddMinutes(30), StepChannel.Email);

        Assert.EndsWith(", later than due (the step ahead of it, a cap or a wait moved it)", plan.Explanation, StringComparison.Ordinal);
    }
}
