namespace FollowUp.Engine.Dispatch;

/// <summary>One decision of <see cref="StepDecision"/>: what to do, with the step's position and what the doing needs.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Index">The step's position in the enrollment; -1 when the message names no step of it.</param>
/// <param name="Reason">Why, for the log, on <see cref="StepActionKind.Drop"/> and <see cref="StepActionKind.EnsureNext"/>.</param>
/// <param name="Delay">How long to wait, on <see cref="StepActionKind.Requeue"/> and <see cref="StepActionKind.Pause"/>.</param>
/// <param name="Claim">The ended claim to record, on <see cref="StepActionKind.RecordEnded"/>.</param>
public sealed record StepAction(StepActionKind Kind, int Index, string? Reason = null, TimeSpan Delay = default, SendClaim? Claim = null)
{
    /// <summary>The enrollment is not readable yet.</summary>
    public static StepAction NotReady { get; } = new(StepActionKind.NotReady, -1);

    /// <summary>Drops the message.</summary>
    public static StepAction Drop(string reason) => new(StepActionKind.Drop, -1, reason);

    /// <summary>Sends nothing and makes sure the next step is scheduled.</summary>
    public static StepAction EnsureNext(int index, string reason) => new(StepActionKind.EnsureNext, index, reason);

    /// <summary>Puts the message back on the queue for <paramref name="delay"/>.</summary>
    public static StepAction Requeue(int index, TimeSpan delay) => new(StepActionKind.Requeue, index, Delay: delay);

    /// <summary>Waits in the worker, then goes on.</summary>
    public static StepAction Pause(int index, TimeSpan delay) => new(StepActionKind.Pause, index, Delay: delay);

    /// <summary>Records the outcome of an ended claim.</summary>
    public static StepAction RecordEnded(int index, SendClaim claim) => new(StepActionKind.RecordEnded, index, Claim: claim);

    /// <summary>Moves the step to its window's next opening.</summary>
    public static StepAction DelayForWindow(int index) => new(StepActionKind.DelayForWindow, index);

    /// <summary>Sends the step now.</summary>
    public static StepAction Send(int index) => new(StepActionKind.Send, index);
}
