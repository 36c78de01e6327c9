namespace FollowUp.Engine.Enrollments;

/// <summary>Why a contact was not enrolled: the sequence's reenroll policy and the earlier enrollment that stands in the way.</summary>
/// <param name="Detail">The reason, for people.</param>
/// <param name="EnrollmentId">The earlier enrollment (active, or ended under <c>never</c>), or the enrollment itself when it exists already.</param>
public sealed record EnrollmentRefusal(string Detail, string EnrollmentId);
