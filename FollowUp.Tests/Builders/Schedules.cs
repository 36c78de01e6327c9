using FollowUp.Engine.Timing;
using NodaTime;

namespace FollowUp.Tests.Builders;

/// <summary>Send schedules for tests.</summary>
public static class Schedules
{
    /// <summary>UTC, no window, no quiet hours, no holidays, no spread: every step goes at its due time.</summary>
    public static SendSchedule Anytime(string enrollmentId) =>
        new(DateTimeZone.Utc, "default", null, QuietHours.Off, [], TimeSpan.Zero, enrollmentId);
}
