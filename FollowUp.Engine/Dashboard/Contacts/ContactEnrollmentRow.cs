using FollowUp.Engine.Enrollments;

namespace FollowUp.Engine.Dashboard.Contacts;

/// <summary>One enrollment of the contact, as the contact page lists it.</summary>
/// <param name="EnrollmentId">The enrollment's id, for its link.</param>
/// <param name="SequenceName">The sequence's name, or its id when it has gone.</param>
/// <param name="Status">Active, completed or halted.</param>
/// <param name="HaltReason">Why it was halted, if it was.</param>
/// <param name="EnrolledUtc">When it started.</param>
/// <param name="NextSendUtc">When its next step goes, while it is active.</param>
public sealed record ContactEnrollmentRow(string EnrollmentId, string SequenceName, EnrollmentStatus Status, string? HaltReason, DateTimeOffset EnrolledUtc, DateTimeOffset? NextSendUtc);
