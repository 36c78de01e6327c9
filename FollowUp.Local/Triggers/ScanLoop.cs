using FollowUp.Engine.Scheduling;

namespace FollowUp.Local.Triggers;

/// <summary>Runs the scan on the schedule the Functions timer uses (<c>FOLLOWUP_SCAN_SCHEDULE</c>, NCRONTAB with seconds).</summary>
public sealed class ScanLoop(DueScanner scanner, IConfiguration configuration, TimeProvider time, ILogger<ScanLoop> logger)
    : CronLoop(ScheduleSetting, DefaultSchedule, configuration, time, logger)
{
    /// <summary>The setting that holds the schedule, shared with the Functions app.</summary>
    public const string ScheduleSetting = ScanScheduleCheck.Setting;

    /// <summary>Once a minute, at second 0.</summary>
    public const string DefaultSchedule = ScanScheduleCheck.DefaultSchedule;

    /// <inheritdoc />
    protected override Task RunAsync(CancellationToken cancellationToken) => scanner.ScanAsync(cancellationToken);
}
