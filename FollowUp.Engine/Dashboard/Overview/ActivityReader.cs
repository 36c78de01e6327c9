using FollowUp.Engine.Reports;

namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>Reads the sends and replies of today and of this week (from Monday's midnight), in the business's time zone.</summary>
/// <remarks>One short range of activity rows per figure shard, all at once, whatever the number of sequences.</remarks>
public sealed class ActivityReader(FigureStore figures, DashboardTime time, TimeProvider clock)
{
    /// <summary>Sums the activity rows since Monday's midnight, and those since today's.</summary>
    public async Task<OverviewActivity> ReadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = time.StartOfDay(now);
        var sinceMonday = ((int)time.Local(now).DayOfWeek + 6) % 7;
        var monday = sinceMonday == 0 ? today : time.StartOfDay(today.AddDays(-sinceMonday).AddHours(12));
        var hours = await figures.ReadActivityAsync(monday, now, cancellationToken);
        var todayHour = new DateTimeOffset(today.UtcDateTime.Date.AddHours(today.UtcDateTime.Hour), TimeSpan.Zero);
        var ofToday = hours.Where(h => h.HourUtc >= todayHour).ToList();
        return new OverviewActivity(ofToday.Sum(h => h.Sent), hours.Sum(h => h.Sent), ofToday.Sum(h => h.Replied), hours.Sum(h => h.Replied));
    }
}
