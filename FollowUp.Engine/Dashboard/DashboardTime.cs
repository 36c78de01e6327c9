using System.Globalization;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dashboard;

/// <summary>Shows instants in the business's time zone (<see cref="DashboardOptions.TimeZone"/>), in words a person reads at a glance.</summary>
public sealed class DashboardTime(IOptions<DashboardOptions> dashboard, IOptions<FollowUpOptions> engine, TimeProvider clock)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(dashboard.Value.TimeZone ?? engine.Value.DefaultTimeZone);

    /// <summary>The business's time zone.</summary>
    public TimeZoneInfo Zone => zone;

    /// <summary>Now, in the business's time zone.</summary>
    public DateTimeOffset Now => Local(clock.GetUtcNow());

    /// <summary><paramref name="instant"/> in the business's time zone.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>The start of the business's day that holds <paramref name="instant"/>, as an instant.</summary>
    public DateTimeOffset StartOfDay(DateTimeOffset instant)
    {
        var local = Local(instant);
        var midnight = local.Date;
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    /// <summary>"Tue 1 Dec 2026, 14:05" in the business's zone; the year is left out when it is this year.</summary>
    public string Format(DateTimeOffset instant)
    {
        var local = Local(instant);
        var pattern = local.Year == Now.Year ? "ddd d MMM, HH:mm" : "ddd d MMM yyyy, HH:mm";
        return local.ToString(pattern, CultureInfo.InvariantCulture);
    }

    /// <summary>"Tue 1 Dec 2026, 14:05" in <paramref name="zoneId"/> (a contact's zone), or null when the zone is unknown.</summary>
    public static string? FormatIn(DateTimeOffset instant, string? zoneId) =>
        zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var other)
            ? TimeZoneInfo.ConvertTime(instant, other).ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture)
            : null;

    /// <summary>"in 3 hours", "5 minutes ago": how far <paramref name="instant"/> is from now.</summary>
    public string Relative(DateTimeOffset instant)
    {
        var gap = instant - clock.GetUtcNow();
        var size = gap.Duration();
        var words = size.TotalMinutes < 1 ? "less than a minute"
            : size.TotalHours < 1 ? Plural((int)size.TotalMinutes, "minute")
            : size.TotalDays < 2 ? Plural((int)size.TotalHours, "hour")
            : Plural((int)size.TotalDays, "day");
        return gap >= TimeSpan.Zero ? "in " + words : words + " ago";
    }

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
