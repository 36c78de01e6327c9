using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timing;
using static FollowUp.Tests.Timing.Timings;

namespace FollowUp.Tests.Timing;

/// <summary>The planner resolves the zone (contact, sequence, setting) and fills what a sequence leaves out from the settings.</summary>
public sealed class SendPlannerTests
{
    private static readonly SendPlanner BerlinSettings = Planner(o =>
    {
        o.DefaultTimeZone = Berlin;
        o.Holidays = "2026-12-25, 2027-01-01";
        o.Spread = TimeSpan.Zero;
        o.Sms.QuietHours = "21:00-08:00";
    });

    private static SendRules Rules(string? timeZone = null, QuietHours? smsQuietHours = null, string[]? holidays = null, TimeSpan? spread = null) =>
        new(timeZone, null, smsQuietHours, Dates(holidays ?? []), spread);

    [Theory]
    [InlineData("Pacific/Auckland", "America/Chicago", "Pacific/Auckland", "contact")]
    [InlineData(null, "America/Chicago", "America/Chicago", "sequence")]
    [InlineData("Mars/Olympus_Mons", "America/Chicago", "America/Chicago", "sequence")]
    [InlineData(null, null, Berlin, "default")]
    public void For_ZoneResolution_ContactThenSequenceThenSetting(string? contactZone, string? sequenceZone, string zone, string from)
    {
        var schedule = BerlinSettings.For(Rules(sequenceZone), contactZone, "c1-a");

        Assert.Equal(zone, schedule.TimeZone);
        Assert.Equal(from, schedule.TimeZoneFrom);
    }

    [Fact]
    public void For_UnknownDefaultZone_FallsBackToUtc()
    {
        var schedule = Planner(o => o.DefaultTimeZone = "Nowhere/Else").For(SendRules.Default, null, "c1-a");

        Assert.Equal("UTC", schedule.TimeZone);
    }

    [Theory]
    [InlineData("2026-12-24 10:00", "2026-12-25 23:00")]
    [InlineData("2026-12-31 10:00", "2027-01-01 23:00")]
    [InlineData("2026-12-23 10:00", "2026-12-23 09:00")]
    public void For_SequenceAndSettingHolidays_BothHold(string dueLocal, string sendUtc)
    {
        var due = At(Berlin, dueLocal);

        var plan = BerlinSettings.For(Rules(holidays: ["2026-12-24", "2026-12-31"]), null, "c1-a").PlanAt(due);

        Assert.Equal(Utc(sendUtc), plan.SendUtc);
    }

    [Theory]
    [InlineData(null, "2026-11-24 08:00")]
    [InlineData("off", "2026-11-23 23:30")]
    [InlineData("23:45-07:00", "2026-11-23 23:30")]
    [InlineData("22:00-09:30", "2026-11-24 09:30")]
    public void For_SequenceQuietHours_OverrideTheSetting(string? sequenceQuietHours, string sendLocal)
    {
        var due = At(Berlin, "2026-11-23 23:30");

        var plan = BerlinSettings.For(Rules(smsQuietHours: QuietHours.Parse(sequenceQuietHours)), null, "c1-a").PlanAt(due, StepChannel.Sms);

        Assert.Equal(At(Berlin, sendLocal), plan.SendUtc);
    }

    [Fact]
    public void For_QuietHoursSettingOff_SendsTextsAtNight()
    {
        var due = At(Berlin, "2026-11-23 23:30");

        var plan = Planner(o => o.Sms.QuietHours = "off").For(Rules(Berlin), null, "c1-a").PlanAt(due, StepChannel.Sms);

        Assert.Equal(due, plan.SendUtc);
    }

    [Fact]
    public void For_DefaultSettings_HoldTextsUntil0800UtcPlusFifteenMinutesAtMost()
    {
        var due = Utc("2026-11-23 23:30");

        var plan = Planner(_ => { }).For(SendRules.Default, null, "c1-a").PlanAt(due, StepChannel.Sms);

        Assert.InRange(plan.SendUtc, Utc("2026-11-24 08:00"), Utc("2026-11-24 08:14").AddSeconds(59));
        Assert.Equal("default", plan.TimeZoneFrom);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public void For_SequenceSpread_OverridesTheSetting(int sequenceSpreadMinutes)
    {
        var due = At(Berlin, "2026-11-23 23:30");
        var planner = Planner(o =>
        {
            o.DefaultTimeZone = Berlin;
            o.Spread = TimeSpan.FromHours(6);
        });

        var plan = planner.For(Rules(spread: TimeSpan.FromMinutes(sequenceSpreadMinutes)), null, "c1-a").PlanAt(due, StepChannel.Sms);

        Assert.InRange(plan.SendUtc - At(Berlin, "2026-11-24 08:00"), TimeSpan.Zero, TimeSpan.FromMinutes(sequenceSpreadMinutes));
    }

    [Theory]
    [InlineData("2026-12-25,2027-01-01", 2)]
    [InlineData(" 2026-12-25 , ", 1)]
    [InlineData("", 0)]
    [InlineData(null, 0)]
    public void ParseHolidays_CommaSeparatedDates_AreRead(string? text, int count)
    {
        Assert.Equal(count, SendPlanner.ParseHolidays(text)?.Count);
    }

    [Theory]
    [InlineData("2026-12-25,Christmas")]
    [InlineData("2026-02-30")]
    [InlineData("25/12/2026")]
    public void ParseHolidays_NotADate_IsNull(string text)
    {
        Assert.Null(SendPlanner.ParseHolidays(text));
    }
}
