using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timing;
using static FollowUp.Tests.Timing.Timings;

namespace FollowUp.Tests.Timing;

/// <summary>Steps moved to an opening go at a deterministic share of the spread per enrollment, inside the open period.</summary>
public sealed class SendScheduleSpreadTests
{
    private static readonly TimeSpan FifteenMinutes = TimeSpan.FromMinutes(15);

    /// <summary>Saturday 10:00 in Chicago: the weekday window next opens Monday 09:00 (15:00 UTC).</summary>
    private static readonly DateTimeOffset SaturdayDue = At(Chicago, "2026-11-28 10:00");
    private static readonly DateTimeOffset MondayOpening = Utc("2026-11-30 15:00");

    private static readonly string[] HundredIds = [.. Enumerable.Range(0, 100).Select(i => $"k3j9x2m8qa1z-{i:D10}")];

    private static DateTimeOffset SendAt(string enrollmentId, SendWindow window, TimeSpan spread, DateTimeOffset due) =>
        Schedule(Chicago, window, spread: spread, enrollmentId: enrollmentId).PlanAt(due).SendUtc;

    [Fact]
    public void Plan_SameEnrollmentId_SameInstantAcrossSchedules()
    {
        Assert.Equal(SendAt("c1-a", Weekdays, FifteenMinutes, SaturdayDue), SendAt("c1-a", Weekdays, FifteenMinutes, SaturdayDue));
    }

    [Fact]
    public void Plan_SameEnrollmentId_SameOffsetAtEveryOpening()
    {
        var saturday = SendAt("c1-a", Weekdays, FifteenMinutes, SaturdayDue) - MondayOpening;
        var tuesdayNight = SendAt("c1-a", Weekdays, FifteenMinutes, At(Chicago, "2026-12-01 20:00")) - At(Chicago, "2026-12-02 09:00");

        Assert.Equal(saturday, tuesdayNight);
    }

    [Fact]
    public void Plan_DifferentEnrollmentIds_DifferentInstants()
    {
        Assert.NotEqual(SendAt("c1-a", Weekdays, FifteenMinutes, SaturdayDue), SendAt("c1-b", Weekdays, FifteenMinutes, SaturdayDue));
    }

    [Fact]
    public void Plan_HundredEnrollments_SpreadInWholeSecondsOverTheFifteenMinutesAfterTheOpening()
    {
        var sends = HundredIds.Select(id => SendAt(id, Weekdays, FifteenMinutes, SaturdayDue)).ToList();

        Assert.All(sends, send => Assert.InRange(send - MondayOpening, TimeSpan.Zero, FifteenMinutes - TimeSpan.FromTicks(1)));
        Assert.All(sends, send => Assert.Equal(0, send.Ticks % TimeSpan.TicksPerSecond));
        Assert.True(sends.Select(send => (send - MondayOpening).Minutes).Distinct().Count() > 10);
    }

    [Fact]
    public void Plan_WindowShorterThanSpread_StaysInsideTheWindow()
    {
        var window = Window("Mon,Tue,Wed,Thu,Fri", "09:00", "09:05");

        var sends = HundredIds.Select(id => SendAt(id, window, FifteenMinutes, SaturdayDue)).ToList();

        Assert.All(sends, send => Assert.InRange(send, MondayOpening, MondayOpening.AddMinutes(5).AddSeconds(-1)));
        Assert.True(sends.Distinct().Count() > 50);
    }

    [Fact]
    public void Plan_WrappingWindowShorterThanSpread_StaysInsideItAcrossMidnight()
    {
        var window = Window("Fri", "23:50", "00:10");
        var opening = At(Chicago, "2026-11-27 23:50");

        var sends = HundredIds.Select(id => SendAt(id, window, TimeSpan.FromHours(1), SaturdayDue.AddDays(-1))).ToList();

        Assert.All(sends, send => Assert.InRange(send, opening, opening.AddMinutes(20).AddSeconds(-1)));
        Assert.Contains(sends, send => send >= opening.AddMinutes(10));
    }

    [Fact]
    public void Plan_OpeningCutShortByAHoliday_StaysBeforeMidnight()
    {
        var opening = At(Chicago, "2026-11-27 23:55");
        var due = At(Chicago, "2026-11-27 20:00");

        var sends = HundredIds.Select(id => Schedule(Chicago, Window("Fri", "23:55", "02:00"), holidays: Dates("2026-11-28"), spread: FifteenMinutes, enrollmentId: id)
            .PlanAt(due).SendUtc);

        Assert.All(sends, send => Assert.InRange(send, opening, opening.AddMinutes(5).AddSeconds(-1)));
    }

    [Fact]
    public void Plan_ZeroSpread_SendsExactlyAtTheOpening()
    {
        Assert.All(HundredIds.Take(10), id => Assert.Equal(MondayOpening, SendAt(id, Weekdays, TimeSpan.Zero, SaturdayDue)));
    }

    [Fact]
    public void Plan_DueInsideTheWindow_IsNotSpread()
    {
        var due = At(Chicago, "2026-11-30 11:17");

        Assert.All(HundredIds.Take(10), id => Assert.Equal(due, SendAt(id, Weekdays, FifteenMinutes, due)));
    }
}
