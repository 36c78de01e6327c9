using FollowUp.Engine.Notifications;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The timer that sends notifications left pending by a crash, an outage or a rate limit.</summary>
/// <remarks>The schedule comes from the FOLLOWUP_NOTIFY_SCHEDULE app setting, <c>30 * * * * *</c> (every minute, at second 30) in
/// the Bicep's punctual profile and in local.settings.example.json, every 10 minutes in its economy profile.</remarks>
public sealed class NotificationFunctions(NotificationSender sender)
{
    /// <summary>Sends every pending notification part that is not yet sent, each once.</summary>
    [Function(nameof(SendPendingNotifications))]
    public Task SendPendingNotifications([TimerTrigger("%FOLLOWUP_NOTIFY_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
        => sender.SendPendingAsync(ct);
}
