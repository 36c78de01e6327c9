using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dispatch;

/// <summary>What to do with a step message, decided from what was read, without reading or writing anything.</summary>
/// <remarks>
/// The dispatcher asks in three stages, reading only what the next stage needs: the message against the enrollment
/// (<see cref="Decide"/>), a due step against its send window and claim (<see cref="WhenDue"/>), and a send against its
/// rate-limit slot (<see cref="ForSlot"/>).
/// </remarks>
public static class StepDecision
{
    /// <summary>The longest a worker waits for a step that arrived early, or for its rate-limit slot; a longer wait goes back on the queue.</summary>
    /// <remarks>The queue rounds its delays up to the second, but its clock may run a little ahead of the worker's.</remarks>
    public static readonly TimeSpan MaxEarlyWait = TimeSpan.FromSeconds(5);

    /// <summary>Decides what a step message asks for, given the enrollment as stored now.</summary>
    /// <param name="message">The step message.</param>
    /// <param name="enrollment">The enrollment the message names, or null when it is not stored.</param>
    /// <param name="contactErased">Whether the enrollment is missing because its contact was erased.</param>
    /// <param name="now">The current time.</param>
    /// <returns><see cref="StepActionKind.Send"/> when the step is due; otherwise why not, and what to do instead.</returns>
    public static StepAction Decide(StepMessage message, Enrollment? enrollment, bool contactErased, DateTimeOffset now)
    {
        if (enrollment is null)
        {
            return contactErased ? StepAction.Drop("its contact was erased") : StepAction.NotReady;
        }

        var index = enrollment.IndexOf(message.StepId);
        if (index < 0 || enrollment.SequenceVersion != message.SequenceVersion)
        {
            return StepAction.Drop($"it is not a step of v{enrollment.SequenceVersion}");
        }

        var step = enrollment.Steps[index];
        if (step.Status is StepStatus.Sent or StepStatus.Failed)
        {
            return StepAction.EnsureNext(index, $"it was {step.Status.ToString().ToLowerInvariant()} already");
        }

        if (enrollment.Status != EnrollmentStatus.Active || index != enrollment.NextStepIndex)
        {
            return StepAction.EnsureNext(index, $"the enrollment is {enrollment.Status} at step {enrollment.NextStep?.Id ?? "(none)"}");
        }

        var early = step.SendUtc - now;
        return early switch
        {
            _ when early <= TimeSpan.Zero => StepAction.Send(index),
            _ when early > MaxEarlyWait => StepAction.Requeue(index, early),
            _ => StepAction.Pause(index, early),
        };
    }

    /// <summary>Decides whether a due step goes out, given whether its send window is open and its claim, read only when the window is closed.</summary>
    /// <remarks>A send that ended before a crash kept it from being recorded is recorded now, not at the window's next opening.</remarks>
    public static StepAction WhenDue(int index, bool windowOpen, SendClaim? claim) => (windowOpen, claim) switch
    {
        (true, _) => StepAction.Send(index),
        (false, { Status: not ClaimStatus.Sending } ended) => StepAction.RecordEnded(index, ended),
        _ => StepAction.DelayForWindow(index),
    };

    /// <summary>Decides whether a send goes now, after a short wait in the worker, or back on the queue until its rate-limit slot (keeping the slot).</summary>
    public static StepAction ForSlot(int index, DateTimeOffset slotUtc, DateTimeOffset now)
    {
        var wait = slotUtc - now;
        return wait switch
        {
            _ when wait > MaxEarlyWait => StepAction.Requeue(index, wait),
            _ when wait > TimeSpan.Zero => StepAction.Pause(index, wait),
            _ => StepAction.Send(index),
        };
    }
}
