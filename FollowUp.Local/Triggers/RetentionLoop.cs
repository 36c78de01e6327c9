using FollowUp.Engine.Retention;

namespace FollowUp.Local.Triggers;

/// <summary>Runs the retention cleanup on the schedule the Functions timer uses (<c>FOLLOWUP_RETENTION_SCHEDULE</c>, NCRONTAB with seconds).</summary>
/// <remarks>It also runs once at start; each run deletes a bounded number of rows per table.</remarks>
public sealed class RetentionLoop(RetentionCleaner cleaner, IConfiguration configuration, TimeProvider time, ILogger<RetentionLoop> logger)
    : CronLoop(ScheduleSetting, DefaultSchedule, configuration, time, logger)
{
    /// <summary>The setting that holds the schedule, shared with the Functions app.</summary>
    public const string ScheduleSetting = "FOLLOWUP_RETENTION_SCHEDULE";

    /// <summary>Once a day, at 03:17:00 UTC, away from the hour when other jobs start.</summary>
    public const string DefaultSchedule = "0 17 3 * * *";

    /// <inheritdoc />
    protected override Task RunAsync(CancellationToken cancellationToken) => cleaner.CleanAsync(cancellationToken);
}
