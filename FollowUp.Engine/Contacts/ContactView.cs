using FollowUp.Engine.Enrollments;

namespace FollowUp.Engine.Contacts;

/// <summary>The answer to <c>GET /api/contacts/{email or phone}</c>: the contact, whether each address may be messaged, and its enrollments.</summary>
public sealed record ContactView(
    string ContactId,
    string? Email,
    string? Phone,
    string? FirstName,
    string? LastName,
    string? TimeZone,
    ConsentView? EmailConsent,
    ConsentView? PhoneConsent,
    IReadOnlyList<ContactEnrollmentView> Enrollments);

/// <summary>Whether an address may be messaged: <c>subscribed</c>, or <c>optedOut</c> with who said so and when.</summary>
public sealed record ConsentView(string State, string? Source, DateTimeOffset? OptedOutUtc);

/// <summary>One enrollment of a <see cref="ContactView"/>.</summary>
public sealed record ContactEnrollmentView(string EnrollmentId, string SequenceId, int SequenceVersion, EnrollmentStatus Status, string? HaltReason, DateTimeOffset EnrolledUtc, string? NextStep);
