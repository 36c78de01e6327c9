namespace FollowUp.Engine.Enrollments;

/// <summary>The answer to <c>POST /api/enrollments</c>.</summary>
public sealed record EnrollmentCreated(string EnrollmentId, string SequenceId, EnrollmentStatus Status, string? NextStep, DateTimeOffset? NextDueUtc);
