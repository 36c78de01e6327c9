namespace FollowUp.Engine.Listing;

/// <summary>The answer to <c>GET /api/sequences/{id}/enrollments</c>: one page of enrollments, and the token of the next page, if any.</summary>
public sealed record EnrollmentList(string SequenceId, IReadOnlyList<EnrollmentSummary> Enrollments, string? Continuation);
