using NodaTime;

namespace FollowUp.Engine.Timing;

/// <summary>When a sequence may send, as its author defined it; what it leaves out comes from the settings.</summary>
/// <param name="TimeZone">The IANA zone of contacts that have none, or null for <c>FollowUp:DefaultTimeZone</c>.</param>
/// <param name="Window">The days and hours in which steps are sent, or null for any time.</param>
/// <param name="SmsQuietHours">The hours without texts, <see cref="QuietHours.Off"/> for none, or null for <c>FollowUp:Sms:QuietHours</c>.</param>
/// <param name="Holidays">Local dates on which nothing is sent, in addition to <c>FollowUp:Holidays</c>.</param>
/// <param name="Spread">The longest offset spreading steps moved to a window opening, or null for <c>FollowUp:Spread</c>.</param>
public sealed record SendRules(string? TimeZone, SendWindow? Window, QuietHours? SmsQuietHours, IReadOnlyList<LocalDate> Holidays, TimeSpan? Spread)
{
    /// <summary>No rules of the sequence's own: the settings decide.</summary>
    public static readonly SendRules Default = new(null, null, null, [], null);

    /// <inheritdoc />
    public bool Equals(SendRules? other) =>
        other is not null && TimeZone == other.TimeZone && Equals(Window, other.Window) && SmsQuietHours == other.SmsQuietHours
        && Spread == other.Spread && Holidays.SequenceEqual(other.Holidays);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TimeZone, Window, SmsQuietHours, Spread, Holidays.Count);
}
