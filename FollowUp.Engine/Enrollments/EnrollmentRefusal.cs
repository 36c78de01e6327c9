namespace FollowUp.Engine.Enrollments;

/// <summary>Why a contact was not enrolled: the sequence's reenroll policy and the earlier enrollment that stands in the way.</summary>
/// <param name="Detail">The reason, for people.</param>
/// <param name="EnrollmentId">The earlier enrollment (active, or ended under <c>never</c>), or the enrollment itself when it exists already; empty when <paramref name="ContactErased"/>.</param>
/// <param name="ContactErased">The contact was being erased: what the enrollment stored was erased with it.</param>
public sealed record EnrollmentRefusal(string Detail, string EnrollmentId, bool ContactErased = false);
