namespace FollowUp.Engine.Enrollments;

/// <summary>Where one step of an enrollment stands; <see cref="Queued"/> is shown, never stored.</summary>
public enum StepStatus
{
    Pending,
    Queued,
    Sent,
    Skipped,
    Failed,
}
