using FollowUp.Engine.Inbound.Imap;

namespace FollowUp.Local.Triggers;

/// <summary>Reads replies from the business's IMAP mailbox on the schedule the Functions timer uses (<c>FOLLOWUP_IMAP_SCHEDULE</c>, NCRONTAB with seconds).</summary>
/// <remarks>A run does nothing while <c>FollowUp:Imap:Host</c> is unset.</remarks>
public sealed class ImapLoop(ImapReader reader, IConfiguration configuration, TimeProvider time, ILogger<ImapLoop> logger)
    : CronLoop(ScheduleSetting, DefaultSchedule, configuration, time, logger)
{
    /// <summary>The setting that holds the schedule, shared with the Functions app.</summary>
    public const string ScheduleSetting = "FOLLOWUP_IMAP_SCHEDULE";

    /// <summary>Once a minute, at second 30, away from the scan.</summary>
    public const string DefaultSchedule = "30 */1 * * * *";

    /// <inheritdoc />
    protected override Task RunAsync(CancellationToken cancellationToken) => reader.ReadAsync(cancellationToken);
}
