namespace FollowUp.Engine.Enrollments;

/// <summary>Where an enrollment stands.</summary>
public enum EnrollmentStatus
{
    Active,
    Completed,
    Halted,
}
