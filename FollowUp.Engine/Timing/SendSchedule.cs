using System.Globalization;
using System.IO.Hashing;
using System.Text;
using FollowUp.Engine.Sequences;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace FollowUp.Engine.Timing;

/// <summary>The send rules of one enrollment, resolved: its time zone, window, SMS quiet hours, holidays and spread.</summary>
/// <remarks>
/// Everything is read in local time and converted to instants through the zone's rules, so a daylight-saving change neither
/// shifts nor skips a send: a local time that does not exist (in the spring gap) moves to the end of the gap, and one that
/// exists twice (in the autumn overlap) is taken the first time. Each step is one send whatever its local time.
/// </remarks>
public sealed class SendSchedule
{
    /// <summary>How far ahead an opening is looked for: beyond a year of holidays.</summary>
    private const int MaxSearchDays = 800;

    /// <summary>Maps a local time in the spring gap to the end of the gap, and one in the autumn overlap to its first occurrence.</summary>
    private static readonly ZoneLocalMappingResolver EndOfGapOrFirst = Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    private static readonly LocalDateTimePattern DayAndTime = LocalDateTimePattern.CreateWithInvariantCulture("ddd uuuu'-'MM'-'dd HH':'mm");
    private readonly DateTimeZone zone;
    private readonly SendWindow? window;
    private readonly QuietHours smsQuietHours;
    private readonly HashSet<LocalDate> holidays;
    private readonly Duration spread;
    private readonly double spreadShare;
    private readonly IReadOnlyDictionary<string, SendWindow> stepWindows;

    /// <summary>Resolves the rules for one enrollment.</summary>
    /// <param name="zone">The contact's time zone.</param>
    /// <param name="timeZoneFrom">Where the zone came from: <c>contact</c>, <c>sequence</c> or <c>default</c>.</param>
    /// <param name="window">The send window, or null for any time.</param>
    /// <param name="smsQuietHours">The hours without texts.</param>
    /// <param name="holidays">The local dates without sends.</param>
    /// <param name="spread">The longest spreading offset.</param>
    /// <param name="enrollmentId">The enrollment, whose id fixes its share of <paramref name="spread"/>.</param>
    /// <param name="stepWindows">The windows of steps whose variant for this enrollment has its own, by step id, in place of <paramref name="window"/>.</param>
    public SendSchedule(DateTimeZone zone, string timeZoneFrom, SendWindow? window, QuietHours smsQuietHours, IEnumerable<LocalDate> holidays, TimeSpan spread, string enrollmentId, IReadOnlyDictionary<string, SendWindow>? stepWindows = null)
    {
        this.zone = zone;
        TimeZoneFrom = timeZoneFrom;
        this.window = window;
        this.smsQuietHours = smsQuietHours;
        this.holidays = [.. holidays];
        this.spread = Duration.FromTimeSpan(spread);
        spreadShare = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(enrollmentId)) / 4294967296.0;
        this.stepWindows = stepWindows ?? new Dictionary<string, SendWindow>();
    }

    private SendSchedule(SendSchedule rules, SendWindow window)
    {
        zone = rules.zone;
        TimeZoneFrom = rules.TimeZoneFrom;
        this.window = window;
        smsQuietHours = rules.smsQuietHours;
        holidays = rules.holidays;
        spread = rules.spread;
        spreadShare = rules.spreadShare;
        stepWindows = rules.stepWindows;
    }

    /// <summary>The rules of step <paramref name="stepId"/>: these, with the window of the step's variant where it has its own.</summary>
    public SendSchedule ForStep(string stepId) => stepWindows.TryGetValue(stepId, out var own) ? new SendSchedule(this, own) : this;

    /// <summary>The IANA id of the zone the rules are read in.</summary>
    public string TimeZone => zone.Id;

    /// <summary>Where the zone came from: <c>contact</c>, <c>sequence</c> or <c>default</c>.</summary>
    public string TimeZoneFrom { get; }

    /// <summary>Adds a step's delay: whole days as calendar days in the contact's zone (the same local time of day across a daylight-saving change), the rest as elapsed time.</summary>
    public DateTimeOffset AddDelay(DateTimeOffset from, TimeSpan delay)
    {
        var start = Instant.FromDateTimeOffset(from);
        if (delay.Days > 0)
        {
            start = start.InZone(zone).LocalDateTime.PlusDays(delay.Days).InZone(zone, EndOfGapOrFirst).ToInstant();
        }

        return (start + Duration.FromTimeSpan(delay - TimeSpan.FromDays(delay.Days))).ToDateTimeOffset();
    }

    /// <summary>Whether a step on <paramref name="channel"/> may be sent at <paramref name="at"/>.</summary>
    public bool IsOpen(DateTimeOffset at, StepChannel channel) => IsOpen(Instant.FromDateTimeOffset(at), channel);

    /// <summary>When a step due at <paramref name="due"/> is sent: then if the rules allow, otherwise at the next opening plus the enrollment's spread.</summary>
    /// <param name="due">When the step falls due.</param>
    /// <param name="channel">Its channel; quiet hours hold texts only.</param>
    /// <param name="notBefore">The earliest it may go: now, or when the step ahead of it goes.</param>
    /// <exception cref="InvalidOperationException">The rules leave no time to send within two years.</exception>
    public DateTimeOffset SendTime(DateTimeOffset due, StepChannel channel, DateTimeOffset notBefore)
    {
        var start = Instant.FromDateTimeOffset(due > notBefore ? due : notBefore);
        if (IsOpen(start, channel))
        {
            return start.ToDateTimeOffset();
        }

        var opening = NextOpening(start, channel);
        return (opening + SpreadOffset(opening, channel)).ToDateTimeOffset();
    }

    /// <summary>The <see cref="SendTime"/> of a step with its explanation.</summary>
    public SendPlan Plan(DateTimeOffset due, StepChannel channel, DateTimeOffset notBefore) =>
        Explain(due, SendTime(due, channel, notBefore), channel);

    /// <summary>Says why a step due at <paramref name="due"/> goes at <paramref name="send"/>.</summary>
    public SendPlan Explain(DateTimeOffset due, DateTimeOffset send, StepChannel channel)
    {
        var dueInstant = Instant.FromDateTimeOffset(due);
        var sendInstant = Instant.FromDateTimeOffset(send);
        var parts = new List<string> { $"due {Describe(dueInstant)}" };
        var closed = ClosedReason(dueInstant, channel);
        parts.Add(closed ?? (window is null ? "no send window applies" : $"inside the window {window} {zone.Id}"));
        if (sendInstant == dueInstant)
        {
            parts.Add("send at the due time");
        }
        else
        {
            var local = sendInstant.InZone(zone);
            var text = $"send {DayAndTime.Format(local.LocalDateTime)} local ({FormatUtc(sendInstant)})";
            if (closed is not null && NextOpening(dueInstant, channel) is var opening && sendInstant >= opening)
            {
                var offset = sendInstant - opening;
                text += offset == Duration.Zero ? ", the next opening"
                    : offset <= spread ? $", the next opening plus a spread of {FormatOffset(offset)}"
                    : ", later than the next opening (the step ahead of it, a cap or a wait moved it)";
            }
            else
            {
                text += ", later than due (the step ahead of it, a cap or a wait moved it)";
            }

            parts.Add(text);
        }

        return new SendPlan(due, send, sendInstant.InZone(zone).ToDateTimeOffset(), zone.Id, TimeZoneFrom, string.Join("; ", parts));
    }

    private bool IsOpen(Instant instant, StepChannel channel)
    {
        var local = instant.InZone(zone).LocalDateTime;
        return !holidays.Contains(local.Date)
            && (window is null || window.Contains(local))
            && (channel != StepChannel.Sms || !smsQuietHours.Contains(local.TimeOfDay));
    }

    /// <summary>Why nothing may be sent at <paramref name="instant"/>, or null when it may: the same checks as <see cref="IsOpen(Instant, StepChannel)"/>, in words.</summary>
    private string? ClosedReason(Instant instant, StepChannel channel)
    {
        var local = instant.InZone(zone).LocalDateTime;
        if (holidays.Contains(local.Date))
        {
            return $"on the holiday {local.Date.ToString("uuuu'-'MM'-'dd", CultureInfo.InvariantCulture)} in {zone.Id}";
        }

        if (window is not null && !window.Contains(local))
        {
            return $"outside the window {window} {zone.Id}";
        }

        return channel == StepChannel.Sms && smsQuietHours.Contains(local.TimeOfDay)
            ? $"in the SMS quiet hours {TimeText.Format(smsQuietHours.Start)}–{TimeText.Format(smsQuietHours.End)} {zone.Id}"
            : null;
    }

    /// <summary>The first instant after <paramref name="after"/> at which the rules allow a send.</summary>
    /// <remarks>Whether a send is allowed changes only at a window's start or end, quiet hours' start or end, midnight and a change of offset (where the local time jumps), so the first allowed instant is one of the opening boundaries or a change.</remarks>
    private Instant NextOpening(Instant after, StepChannel channel) =>
        FirstBoundary(after, Boundaries(channel, opening: true), channel, open: true, MaxSearchDays)
        ?? throw new InvalidOperationException($"The send rules leave no time to send a {channel} step within {MaxSearchDays} days in {zone.Id}.");

    /// <summary>The local times at which sending may begin (<paramref name="opening"/>) or end: midnight, the window's start or end, the quiet hours' end or start.</summary>
    private List<LocalTime> Boundaries(StepChannel channel, bool opening)
    {
        var times = new List<LocalTime>(3) { LocalTime.Midnight };
        if (window is not null)
        {
            times.Add(opening ? window.Start : window.End);
        }

        if (channel == StepChannel.Sms && smsQuietHours != QuietHours.Off)
        {
            times.Add(opening ? smsQuietHours.End : smsQuietHours.Start);
        }

        return times;
    }

    /// <summary>How far after <paramref name="opening"/> this enrollment's steps go: its share of the spread, within the time the opening lasts.</summary>
    private Duration SpreadOffset(Instant opening, StepChannel channel)
    {
        var room = FirstBoundary(opening, Boundaries(channel, opening: false), channel, open: false, searchDays: 3) is { } closing ? closing - opening : spread;
        var limit = room < spread ? room : spread;
        return Duration.FromSeconds(Math.Floor(limit.TotalSeconds * spreadShare));
    }

    /// <summary>The first instant after <paramref name="after"/> at one of the local <paramref name="times"/> where sending is (or is not) allowed.</summary>
    private Instant? FirstBoundary(Instant after, List<LocalTime> times, StepChannel channel, bool open, int searchDays)
    {
        var date = after.InZone(zone).Date;
        var candidates = new List<Instant>(times.Count * 2 + 2);
        for (var day = 0; day <= searchDays; day++, date = date.PlusDays(1))
        {
            candidates.Clear();
            AddOccurrences(date, times, candidates);
            candidates.Sort();
            foreach (var candidate in candidates)
            {
                if (candidate > after && IsOpen(candidate, channel) == open)
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Adds every instant at which one of the local <paramref name="times"/> occurs on <paramref name="date"/> (twice in the autumn overlap, never in the spring gap), and the changes of offset that day.</summary>
    private void AddOccurrences(LocalDate date, List<LocalTime> times, List<Instant> into)
    {
        foreach (var time in times)
        {
            var mapping = zone.MapLocal(date.At(time));
            if (mapping.Count > 0)
            {
                into.Add(mapping.First().ToInstant());
            }

            if (mapping.Count > 1)
            {
                into.Add(mapping.Last().ToInstant());
            }
        }

        // The day's first instant: where a zone changes its clocks at midnight (Santiago, Cairo) midnight does not exist.
        var dayStart = date.AtStartOfDayInZone(zone).ToInstant();
        into.Add(dayStart);
        var dayEnd = date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        for (var interval = zone.GetZoneInterval(dayStart); interval.HasEnd && interval.End < dayEnd; interval = zone.GetZoneInterval(interval.End))
        {
            into.Add(interval.End);
        }
    }

    private string Describe(Instant instant) =>
        zone.Id is "UTC" or "Etc/UTC"
            ? FormatUtc(instant)
            : $"{FormatUtc(instant)} ({TimeText.Format(instant.InZone(zone).TimeOfDay)} {zone.Id})";

    private static string FormatUtc(Instant instant) => $"{DayAndTime.Format(instant.InUtc().LocalDateTime)} UTC";

    private static string FormatOffset(Duration offset) =>
        offset.TotalMinutes >= 1 ? $"{(int)offset.TotalMinutes} min {offset.Seconds} s".Replace(" 0 s", "", StringComparison.Ordinal) : $"{offset.Seconds} s";
}
