using FollowUp.Engine.Scheduling;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The timer that puts stuck steps back on the schedule.</summary>
/// <remarks>The schedule comes from the FOLLOWUP_SWEEP_SCHEDULE app setting, <c>0 */5 * * * *</c> (every five minutes) in the
/// Bicep's punctual profile and in local.settings.example.json, every 30 minutes in its economy profile.</remarks>
public sealed class SweepFunctions(StepSweeper sweeper)
{
    /// <summary>Reschedules every step overdue by more than <c>FollowUp:Sweeper:Overdue</c> that nothing is going to send.</summary>
    [Function(nameof(SweepStuckSteps))]
    public Task SweepStuckSteps([TimerTrigger("%FOLLOWUP_SWEEP_SCHEDULE%")] TimerInfo timer, CancellationToken ct) => sweeper.SweepAsync(ct);
}
