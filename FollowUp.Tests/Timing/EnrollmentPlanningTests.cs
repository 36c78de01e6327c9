using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timing;
using static FollowUp.Tests.Timing.Timings;

namespace FollowUp.Tests.Timing;

/// <summary>Enrollments plan each step's send by the contact's rules, never before the step ahead of it.</summary>
public sealed class EnrollmentPlanningTests
{
    private static readonly DateTimeOffset MondayMorning = At(Chicago, "2026-11-23 10:00");
    private static readonly DateTimeOffset MondayNight = At(Chicago, "2026-11-23 21:00");
    private static readonly DateTimeOffset SaturdayMorning = At(Chicago, "2026-11-28 10:00");
    private static readonly SendSchedule WeekdaySchedule = Schedule(Chicago, Weekdays);
    private static readonly (StepChannel, TimeSpan) TextHalfAnHourLater = (StepChannel.Sms, TimeSpan.FromMinutes(30));
    private static readonly (StepChannel, TimeSpan) EmailAnHourLater = (StepChannel.Email, TimeSpan.FromHours(1));
    private static readonly Contact ChicagoContact = new("c1", "ann@example.com", "+13125550100", "Ann", null, Chicago);

    private static Enrollment Start(DateTimeOffset now, SendSchedule schedule, params (StepChannel Channel, TimeSpan After)[] steps)
    {
        var sequence = new Sequence(
            "welcome",
            1,
            "Welcome",
            [.. steps.Select((step, i) => new SequenceStep($"s{i}", step.After, step.Channel, step.Channel == StepChannel.Email ? "s" : null, "t", null))],
            new StopRules(true),
            now);
        return Enrollment.Start("c1-e", ChicagoContact, sequence, JsonElement.Parse("{}"), now, schedule);
    }

    [Fact]
    public void Start_TextHeldByQuietHours_HoldsTheEmailBehindIt()
    {
        var enrollment = Start(MondayNight, Schedule(Chicago, smsQuietHours: DefaultQuietHours), TextHalfAnHourLater, EmailAnHourLater);

        Assert.Equal([At(Chicago, "2026-11-23 21:30"), At(Chicago, "2026-11-23 22:30")], enrollment.Steps.Select(s => s.DueUtc));
        Assert.Equal([At(Chicago, "2026-11-24 08:00"), At(Chicago, "2026-11-24 08:00")], enrollment.Steps.Select(s => s.SendUtc));
        Assert.Equal(Chicago, enrollment.ContactTimeZone);
    }

    [Fact]
    public void Start_WithSpread_LaterStepGoesNoEarlierThanTheOneAhead()
    {
        var schedule = Schedule(Chicago, smsQuietHours: DefaultQuietHours, spread: TimeSpan.FromMinutes(15));

        var enrollment = Start(MondayNight, schedule, TextHalfAnHourLater, EmailAnHourLater, (StepChannel.Email, TimeSpan.FromHours(12)));

        var (text, email, last) = (enrollment.Steps[0], enrollment.Steps[1], enrollment.Steps[2]);
        Assert.InRange(text.SendUtc, At(Chicago, "2026-11-24 08:00"), At(Chicago, "2026-11-24 08:15"));
        Assert.Equal(text.SendUtc, email.SendUtc);
        Assert.Equal(At(Chicago, "2026-11-24 10:30"), last.SendUtc);
    }

    [Fact]
    public void Start_DaysOfDelayAcrossFallBack_KeepTheLocalTimeAndTheWindow()
    {
        var now = At(Chicago, "2026-10-30 10:00");

        var enrollment = Start(now, WeekdaySchedule, (StepChannel.Email, TimeSpan.FromDays(1)), (StepChannel.Email, TimeSpan.FromDays(2)));

        Assert.Equal([Utc("2026-10-31 15:00"), Utc("2026-11-02 16:00")], enrollment.Steps.Select(s => s.DueUtc));
        Assert.Equal([Utc("2026-11-02 15:00"), Utc("2026-11-02 16:00")], enrollment.Steps.Select(s => s.SendUtc));
    }

    [Fact]
    public void Postpone_ShiftsEveryLaterDueAndPlansAgain()
    {
        var enrollment = Start(MondayMorning, WeekdaySchedule, EmailAnHourLater, (StepChannel.Email, TimeSpan.FromDays(1)));

        Assert.True(enrollment.Postpone(0, At(Chicago, "2026-11-27 16:30"), WeekdaySchedule));

        Assert.Equal([At(Chicago, "2026-11-27 16:30"), At(Chicago, "2026-11-28 16:30")], enrollment.Steps.Select(s => s.DueUtc));
        Assert.Equal([At(Chicago, "2026-11-27 16:30"), At(Chicago, "2026-11-30 09:00")], enrollment.Steps.Select(s => s.SendUtc));
    }

    [Fact]
    public void Postpone_UntilOutsideTheWindow_SendsAtTheNextOpening()
    {
        var enrollment = Start(MondayMorning, WeekdaySchedule, EmailAnHourLater);

        Assert.True(enrollment.Postpone(0, At(Chicago, "2026-11-23 20:00"), WeekdaySchedule));

        Assert.Equal(At(Chicago, "2026-11-24 09:00"), enrollment.Steps[0].SendUtc);
    }

    [Fact]
    public void Postpone_NoLaterThanPlanned_ChangesNothing()
    {
        var enrollment = Start(MondayMorning, WeekdaySchedule, EmailAnHourLater);

        Assert.False(enrollment.Postpone(0, At(Chicago, "2026-11-23 11:00"), WeekdaySchedule));
        Assert.False(enrollment.Postpone(1, At(Chicago, "2026-11-23 12:00"), WeekdaySchedule));

        Assert.Equal(At(Chicago, "2026-11-23 11:00"), enrollment.Steps[0].SendUtc);
    }

    [Fact]
    public void DelayForWindow_StepFoundClosed_MovesItAndTheNextToTheOpening()
    {
        var enrollment = Start(SaturdayMorning, Schedule(Chicago), EmailAnHourLater, (StepChannel.Sms, TimeSpan.FromHours(1)));
        var dueNow = enrollment.Steps[0].SendUtc;

        Assert.True(enrollment.DelayForWindow(0, WeekdaySchedule, dueNow));

        Assert.Equal([At(Chicago, "2026-11-30 09:00"), At(Chicago, "2026-11-30 09:00")], enrollment.Steps.Select(s => s.SendUtc));
        Assert.Equal(At(Chicago, "2026-11-28 11:00"), enrollment.Steps[0].DueUtc);
    }

    [Fact]
    public void DelayForWindow_StepPlannedLaterOrNotNext_ChangesNothing()
    {
        var enrollment = Start(SaturdayMorning, Schedule(Chicago), EmailAnHourLater, EmailAnHourLater);

        Assert.False(enrollment.DelayForWindow(0, WeekdaySchedule, SaturdayMorning));
        Assert.False(enrollment.DelayForWindow(1, WeekdaySchedule, At(Chicago, "2026-11-28 12:00")));
        enrollment.Halt("reply", SaturdayMorning);
        Assert.False(enrollment.DelayForWindow(0, WeekdaySchedule, At(Chicago, "2026-11-28 11:00")));

        Assert.Equal(At(Chicago, "2026-11-28 11:00"), enrollment.Steps[0].SendUtc);
    }

    [Fact]
    public void PlanSends_AfterASentStep_StartsFromWhenItWasSent()
    {
        var enrollment = Start(MondayMorning, Schedule(Chicago), EmailAnHourLater, EmailAnHourLater);
        enrollment.RecordOutcome(0, StepStatus.Sent, At(Chicago, "2026-11-23 17:30"), "m1", null);

        enrollment.PlanSends(WeekdaySchedule, 1, MondayMorning);

        Assert.Equal(At(Chicago, "2026-11-24 09:00"), enrollment.Steps[1].SendUtc);
    }
}
