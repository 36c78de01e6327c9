namespace FollowUp.Engine.Failures;

/// <summary>How a listed step came to fail, which decides what a replay of it does.</summary>
public enum FailureKind
{
    /// <summary>Its queue message failed every delivery and was moved to the poison queue; the enrollment waits at the step.</summary>
    DeadLettered,

    /// <summary>The send ended for good (the template failed for the contact's data, the provider refused it, the provider stayed down); the enrollment moved on.</summary>
    Failed,

    /// <summary>The sweep put it back on the schedule as often as <c>FollowUp:Sweeper:MaxReschedules</c> allows and it stuck again; the enrollment waits at the step.</summary>
    Stuck,
}
