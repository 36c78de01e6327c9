using Cronos;

namespace FollowUp.Local.Triggers;

/// <summary>Runs work on an NCRONTAB schedule (with seconds) read from a setting shared with the Functions timer; a failed run waits for the next.</summary>
/// <param name="setting">The setting that holds the schedule.</param>
/// <param name="defaultSchedule">The schedule used when the setting is missing.</param>
/// <param name="configuration">Where the setting is read.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">Where a failed run is logged.</param>
public abstract class CronLoop(string setting, string defaultSchedule, IConfiguration configuration, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>One scheduled run.</summary>
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = CronExpression.Parse(configuration[setting] ?? defaultSchedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "The run of {Loop} failed; the next scheduled run retries", GetType().Name);
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
