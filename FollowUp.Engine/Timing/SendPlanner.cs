using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;
using NodaTime;
using NodaTime.Text;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Timing;

/// <summary>Resolves a sequence's send rules for one contact: the contact's time zone, else the sequence's, else <c>FollowUp:DefaultTimeZone</c>; the settings fill what the sequence leaves out.</summary>
public sealed class SendPlanner(IOptions<FollowUpOptions> options, SequenceStore sequences)
{
    // The settings are read once: a schedule is resolved for every send.
    private readonly DateTimeZone defaultZone = Zone(options.Value.DefaultTimeZone) ?? DateTimeZone.Utc;
    private readonly QuietHours defaultQuietHours = QuietHours.Parse(options.Value.Sms.QuietHours) ?? QuietHours.Off;
    private readonly List<LocalDate> settingsHolidays = ParseHolidays(options.Value.Holidays) ?? [];

    /// <summary>The schedule of an enrollment, by the rules of the sequence version it is on.</summary>
    public async Task<SendSchedule> ForAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var sequence = await sequences.GetAsync(enrollment.SequenceId, enrollment.SequenceVersion, cancellationToken);
        return For(sequence, enrollment.ContactTimeZone, enrollment.Id);
    }

    /// <summary>The schedule of enrollment <paramref name="enrollmentId"/> of <paramref name="sequence"/> for a contact in <paramref name="contactTimeZone"/>, with the send windows of the variants it gets.</summary>
    public SendSchedule For(Sequence sequence, string? contactTimeZone, string enrollmentId)
    {
        var stepWindows = new Dictionary<string, SendWindow>(StringComparer.Ordinal);
        foreach (var step in sequence.Steps)
        {
            if (StepVariants.Choose(enrollmentId, step) is { } chosen && step.Variants.First(v => v.Id == chosen).Window is { } window)
            {
                stepWindows[step.Id] = window;
            }
        }

        return For(sequence.Timing, contactTimeZone, enrollmentId, stepWindows);
    }

    /// <summary>The schedule of an enrollment of a sequence with <paramref name="rules"/> for a contact in <paramref name="contactTimeZone"/>; <paramref name="stepWindows"/> are its variants' own windows by step id.</summary>
    public SendSchedule For(SendRules rules, string? contactTimeZone, string enrollmentId, IReadOnlyDictionary<string, SendWindow>? stepWindows = null)
    {
        var (zone, from) = Zone(contactTimeZone) is { } contactZone ? (contactZone, "contact")
            : Zone(rules.TimeZone) is { } sequenceZone ? (sequenceZone, "sequence")
            : (defaultZone, "default");
        return new SendSchedule(
            zone,
            from,
            rules.Window,
            rules.SmsQuietHours ?? defaultQuietHours,
            rules.Holidays.Concat(settingsHolidays),
            rules.Spread ?? options.Value.Spread,
            enrollmentId,
            stepWindows);
    }

    /// <summary>The zone with this IANA id in the time zone database NodaTime carries, or null.</summary>
    public static DateTimeZone? Zone(string? id) => id is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);

    /// <summary>Reads comma-separated ISO dates (<c>2026-12-25,2027-01-01</c>); null when one is not a date.</summary>
    public static List<LocalDate>? ParseHolidays(string? text)
    {
        var dates = new List<LocalDate>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (LocalDatePattern.Iso.Parse(part) is not { Success: true } result)
            {
                return null;
            }

            dates.Add(result.Value);
        }

        return dates;
    }
}
