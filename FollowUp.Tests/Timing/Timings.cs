using System.Globalization;
using FollowUp.Engine;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace FollowUp.Tests.Timing;

/// <summary>Send schedules, windows and instants for the timing tests, written as people read them.</summary>
public static class Timings
{
    /// <summary>UTC-6 in winter, UTC-5 in summer; 2026 changes on 03-08 and 11-01 at 02:00.</summary>
    public const string Chicago = "America/Chicago";

    /// <summary>UTC+1 in winter, UTC+2 in summer; 2026 changes on 03-29 and 10-25.</summary>
    public const string Berlin = "Europe/Berlin";

    /// <summary>The window of most sequences: Mon–Fri 09:00–17:00.</summary>
    public static readonly SendWindow Weekdays = Window("Mon,Tue,Wed,Thu,Fri", "09:00", "17:00");

    /// <summary>The SMS quiet hours of the settings' default.</summary>
    public static readonly QuietHours DefaultQuietHours = QuietHours.Parse("21:00-08:00")!;

    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm");

    /// <summary>A schedule in <paramref name="zone"/>; by default no window, no quiet hours, no holidays and no spread.</summary>
    public static SendSchedule Schedule(
        string zone,
        SendWindow? window = null,
        QuietHours? smsQuietHours = null,
        IEnumerable<LocalDate>? holidays = null,
        TimeSpan? spread = null,
        string enrollmentId = "c1-enrollment") =>
        new(DateTimeZoneProviders.Tzdb[zone], "contact", window, smsQuietHours ?? QuietHours.Off, holidays ?? [], spread ?? TimeSpan.Zero, enrollmentId);

    /// <summary>Plans a step with nothing ahead of it, due at <paramref name="due"/>.</summary>
    public static SendPlan PlanAt(this SendSchedule schedule, DateTimeOffset due, StepChannel channel = StepChannel.Email) => schedule.Plan(due, channel, due);

    /// <summary>A planner with these settings; it reads no stored sequence.</summary>
    public static SendPlanner Planner(Action<FollowUpOptions> settings)
    {
        var options = new FollowUpOptions();
        settings(options);
        return new SendPlanner(Options.Create(options), null!);
    }

    /// <summary>A window from comma-separated day names and two <c>HH:mm</c> times.</summary>
    public static SendWindow Window(string days, string start, string end) =>
        new([.. days.Split(',').Select(day => DayNames.Parse(day)!.Value)], TimeText.Parse(start)!.Value, TimeText.Parse(end)!.Value);

    /// <summary>Dates from <c>uuuu-MM-dd</c> texts.</summary>
    public static LocalDate[] Dates(params string[] dates) => [.. dates.Select(date => LocalDatePattern.Iso.Parse(date).Value)];

    /// <summary>A UTC instant from <c>uuuu-MM-dd HH:mm</c>.</summary>
    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy'-'MM'-'dd HH':'mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>The UTC instant of the local time <c>uuuu-MM-dd HH:mm</c> in <paramref name="zone"/>, which must exist exactly once.</summary>
    public static DateTimeOffset At(string zone, string text) =>
        LocalPattern.Parse(text).Value.InZoneStrictly(DateTimeZoneProviders.Tzdb[zone]).ToDateTimeOffset().ToUniversalTime();

    /// <summary>The local time of <paramref name="at"/> in <paramref name="zone"/> as <c>ddd uuuu-MM-dd HH:mm:ss</c>.</summary>
    public static string LocalText(DateTimeOffset at, string zone) =>
        Instant.FromDateTimeOffset(at).InZone(DateTimeZoneProviders.Tzdb[zone]).LocalDateTime.ToString("ddd uuuu'-'MM'-'dd HH':'mm':'ss", CultureInfo.InvariantCulture);
}
