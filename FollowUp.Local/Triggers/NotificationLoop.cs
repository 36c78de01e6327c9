using FollowUp.Engine.Notifications;

namespace FollowUp.Local.Triggers;

/// <summary>Sends the notifications left pending, on the schedule the Functions timer uses (<c>FOLLOWUP_NOTIFY_SCHEDULE</c>, NCRONTAB with seconds).</summary>
public sealed class NotificationLoop(NotificationSender sender, IConfiguration configuration, TimeProvider time, ILogger<NotificationLoop> logger)
    : CronLoop(ScheduleSetting, DefaultSchedule, configuration, time, logger)
{
    /// <summary>The setting that holds the schedule, shared with the Functions app.</summary>
    public const string ScheduleSetting = "FOLLOWUP_NOTIFY_SCHEDULE";

    /// <summary>Every minute, at second 30, away from the scan at second 0.</summary>
    public const string DefaultSchedule = "30 * * * * *";

    /// <inheritdoc />
    protected override Task RunAsync(CancellationToken cancellationToken) => sender.SendPendingAsync(cancellationToken);
}
