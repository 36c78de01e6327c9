namespace FollowUp.Engine.Dispatch;

/// <summary>What the dispatcher does with a step message, as <see cref="StepDecision"/> decides it.</summary>
public enum StepActionKind
{
    /// <summary>The enrollment is not readable yet: the queue delivers the message again later.</summary>
    NotReady,

    /// <summary>Nothing is done and nothing is recorded: the message no longer applies.</summary>
    Drop,

    /// <summary>The step is not sent (it ended already, or the enrollment stopped or moved on); the next step is scheduled if it is due to be.</summary>
    EnsureNext,

    /// <summary>The message goes back on the queue for <see cref="StepAction.Delay"/>.</summary>
    Requeue,

    /// <summary>The worker waits <see cref="StepAction.Delay"/>, too short a wait for the queue, and goes on.</summary>
    Pause,

    /// <summary>The step's send window is closed and its send ended before a crash kept it from being recorded: the claim's outcome is recorded.</summary>
    RecordEnded,

    /// <summary>The step's send window is closed: the step moves to the next opening.</summary>
    DelayForWindow,

    /// <summary>The step goes out now.</summary>
    Send,
}
