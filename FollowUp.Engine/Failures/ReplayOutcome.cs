namespace FollowUp.Engine.Failures;

/// <summary>What a replay of a listed step did.</summary>
public enum ReplayOutcome
{
    /// <summary>The step was not on the failures list (never failed, or replayed already).</summary>
    NotListed,

    /// <summary>The step is back on schedule; its send claim decides whether it still goes out.</summary>
    Replayed,

    /// <summary>The enrollment moved on (halted, completed, moved to another version, a later step sent) since; the entry was taken off the list and nothing was scheduled.</summary>
    Ended,
}
