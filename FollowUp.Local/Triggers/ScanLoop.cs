using Cronos;
using FollowUp.Engine.Scheduling;

namespace FollowUp.Local.Triggers;

/// <summary>Runs the scan on the schedule the Functions timer uses (<c>FOLLOWUP_SCAN_SCHEDULE</c>, NCRONTAB with seconds).</summary>
public sealed class ScanLoop(DueScanner scanner, IConfiguration configuration, TimeProvider time, ILogger<ScanLoop> logger) : BackgroundService
{
    /// <summary>The setting that holds the schedule, shared with the Functions app.</summary>
    public const string ScheduleSetting = "FOLLOWUP_SCAN_SCHEDULE";

    /// <summary>Once a minute, at second 0.</summary>
    public const string DefaultSchedule = "0 */1 * * * *";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = CronExpression.Parse(configuration[ScheduleSetting] ?? DefaultSchedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scanner.ScanAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "The scan failed; the next scheduled scan retries");
            }

            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddMinutes(1);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
