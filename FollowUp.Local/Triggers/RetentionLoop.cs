using Cronos;
using FollowUp.Engine.Retention;

namespace FollowUp.Local.Triggers;

/// <summary>Runs the retention cleanup on the schedule the Functions timer uses (<c>FOLLOWUP_RETENTION_SCHEDULE</c>, NCRONTAB with seconds).</summary>
public sealed class RetentionLoop(RetentionCleaner cleaner, IConfiguration configuration, TimeProvider time, ILogger<RetentionLoop> logger) : BackgroundService
{
    /// <summary>The setting that holds the schedule, shared with the Functions app.</summary>
    public const string ScheduleSetting = "FOLLOWUP_RETENTION_SCHEDULE";

    /// <summary>Once a day, at 03:17:00 UTC, away from the hour when other jobs start.</summary>
    public const string DefaultSchedule = "0 17 3 * * *";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = CronExpression.Parse(configuration[ScheduleSetting] ?? DefaultSchedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddDays(1);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
                await cleaner.CleanAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The retention cleanup failed; the next scheduled run retries");
            }
        }
    }
}
