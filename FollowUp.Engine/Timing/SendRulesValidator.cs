using System.Xml;
using FollowUp.Engine.Http;
using FollowUp.Engine.Sequences;
using NodaTime;
using NodaTime.Text;

namespace FollowUp.Engine.Timing;

/// <summary>Validates the timing fields of a sequence (<c>timeZone</c>, <c>sendWindow</c>, <c>smsQuietHours</c>, <c>holidays</c>, <c>spread</c>), naming each invalid one.</summary>
public static class SendRulesValidator
{
    /// <summary>The most holidays a sequence may list.</summary>
    public const int MaxHolidays = 366;

    /// <summary>The longest spread.</summary>
    public static readonly TimeSpan MaxSpread = TimeSpan.FromHours(6);

    /// <summary>Validates the fields; <paramref name="defaultQuietHours"/> (the setting) is used to check that texts still have time to go.</summary>
    public static SendRules? Validate(SequenceRequest request, QuietHours defaultQuietHours, ValidationErrors errors)
    {
        var before = errors.Count;
        if (request.TimeZone is not null && SendPlanner.Zone(request.TimeZone) is null)
        {
            errors.Add("timeZone", $"'{request.TimeZone}' is not an IANA time zone id, such as America/Chicago.");
        }

        var window = request.SendWindow is null ? null : ValidateWindow(request.SendWindow, errors);
        QuietHours? quietHours = null;
        if (request.SmsQuietHours is not null && (quietHours = QuietHours.Parse(request.SmsQuietHours)) is null)
        {
            errors.Add("smsQuietHours", "Use HH:mm-HH:mm with two different times, such as 21:00-08:00, or 'off'.");
        }

        var holidays = ValidateHolidays(request.Holidays, errors);
        var spread = ValidateSpread(request.Spread, errors);
        if (errors.Count != before)
        {
            return null;
        }

        if (window is not null && request.Steps?.Any(s => s?.Channel == StepChannel.Sms) == true && !TextsCanGo(window, quietHours ?? defaultQuietHours))
        {
            errors.Add("smsQuietHours", $"The window {window} lies wholly in the SMS quiet hours {quietHours ?? defaultQuietHours}, so no text could ever be sent.");
            return null;
        }

        return new SendRules(request.TimeZone, window, quietHours, holidays, spread);
    }

    /// <summary>Validates a <c>sendWindow</c> object, naming its fields under <paramref name="field"/>.</summary>
    public static SendWindow? ValidateWindow(SendWindowRequest request, ValidationErrors errors, string field = "sendWindow")
    {
        var days = new List<IsoDayOfWeek>();
        if (request.Days is null || request.Days.Count == 0)
        {
            errors.Add($"{field}.days", "List at least one day, such as [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"].");
        }

        for (var i = 0; request.Days is not null && i < request.Days.Count; i++)
        {
            if (DayNames.Parse(request.Days[i]) is not { } day)
            {
                errors.Add($"{field}.days[{i}]", "Use Mon, Tue, Wed, Thu, Fri, Sat or Sun.");
            }
            else if (days.Contains(day))
            {
                errors.Add($"{field}.days[{i}]", $"{DayNames.Name(day)} is listed twice.");
            }
            else
            {
                days.Add(day);
            }
        }

        var start = TimeText.Parse(request.Start);
        var end = TimeText.Parse(request.End);
        if (start is null)
        {
            errors.Add($"{field}.start", "Use a local time as HH:mm, such as 09:00.");
        }

        if (end is null)
        {
            errors.Add($"{field}.end", "Use a local time as HH:mm, such as 17:00; an end before the start wraps past midnight.");
        }
        else if (end == start)
        {
            errors.Add($"{field}.end", "The end must differ from the start; to send at any hour, leave sendWindow out.");
        }

        return start is { } open && end is { } close && open != close && days.Count > 0 ? new SendWindow([.. days.Order()], open, close) : null;
    }

    private static List<LocalDate> ValidateHolidays(IReadOnlyList<string?>? holidays, ValidationErrors errors)
    {
        var dates = new SortedSet<LocalDate>();
        if (holidays is { Count: > MaxHolidays })
        {
            errors.Add("holidays", $"List at most {MaxHolidays} dates.");
            return [];
        }

        for (var i = 0; holidays is not null && i < holidays.Count; i++)
        {
            if (holidays[i] is not { } text || LocalDatePattern.Iso.Parse(text) is not { Success: true } date)
            {
                errors.Add($"holidays[{i}]", "Use an ISO date, such as 2026-12-25.");
            }
            else
            {
                dates.Add(date.Value);
            }
        }

        return [.. dates];
    }

    private static TimeSpan? ValidateSpread(string? spread, ValidationErrors errors)
    {
        if (spread is null)
        {
            return null;
        }

        TimeSpan value;
        try
        {
            value = XmlConvert.ToTimeSpan(spread);
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            value = TimeSpan.MinValue;
        }

        if (value >= TimeSpan.Zero && value <= MaxSpread)
        {
            return value;
        }

        errors.Add("spread", $"Use an ISO 8601 duration from PT0S (no spread) to PT{MaxSpread.TotalHours}H, such as PT15M.");
        return null;
    }

    /// <summary>Whether any moment of a week in the window is outside the quiet hours.</summary>
    private static bool TextsCanGo(SendWindow window, QuietHours quietHours)
    {
        var schedule = new SendSchedule(DateTimeZone.Utc, "default", window, quietHours, [], TimeSpan.Zero, "");
        var monday = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        try
        {
            return schedule.SendTime(monday, StepChannel.Sms, monday) < monday.AddDays(8);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
