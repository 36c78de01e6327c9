using FollowUp.Engine.Enrollments;

namespace FollowUp.Engine.Listing;

/// <summary>One enrollment of <c>GET /api/sequences/{id}/enrollments</c>, without the contact's addresses or data.</summary>
/// <param name="EnrollmentId">The enrollment id, for <c>GET /api/enrollments/{id}</c>.</param>
/// <param name="ContactId">The contact's id.</param>
/// <param name="SequenceVersion">The version it follows.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="HaltReason">Why it was halted, if it was.</param>
/// <param name="EnrolledUtc">When it was enrolled.</param>
/// <param name="EndedUtc">When it completed or was halted.</param>
/// <param name="NextStep">The step it waits for, while active.</param>
public sealed record EnrollmentSummary(
    string EnrollmentId,
    string ContactId,
    int SequenceVersion,
    EnrollmentStatus Status,
    string? HaltReason,
    DateTimeOffset EnrolledUtc,
    DateTimeOffset? EndedUtc,
    string? NextStep);
