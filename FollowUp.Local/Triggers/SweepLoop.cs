using FollowUp.Engine.Scheduling;

namespace FollowUp.Local.Triggers;

/// <summary>Runs the sweep of stuck steps on the schedule the Functions timer uses (<c>FOLLOWUP_SWEEP_SCHEDULE</c>, NCRONTAB with seconds).</summary>
public sealed class SweepLoop(StepSweeper sweeper, IConfiguration configuration, TimeProvider time, ILogger<SweepLoop> logger)
    : CronLoop(ScheduleSetting, DefaultSchedule, configuration, time, logger)
{
    /// <summary>The setting that holds the schedule, shared with the Functions app.</summary>
    public const string ScheduleSetting = "FOLLOWUP_SWEEP_SCHEDULE";

    /// <summary>Every five minutes, at second 0.</summary>
    public const string DefaultSchedule = "0 */5 * * * *";

    /// <inheritdoc />
    protected override Task RunAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
