namespace FollowUp.Engine.Enrollments;

/// <summary>The answer to <c>POST /api/enrollments</c>: the new enrollment, its first step, when that falls due and when it is to be sent.</summary>
public sealed record EnrollmentCreated(string EnrollmentId, string SequenceId, EnrollmentStatus Status, string? NextStep, DateTimeOffset? NextDueUtc, DateTimeOffset? NextSendUtc);
