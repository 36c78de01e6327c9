using FollowUp.Engine.Enrollments;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>One enrollment in the dashboard's list.</summary>
/// <param name="EnrollmentId">The enrollment, for its link.</param>
/// <param name="Contact">Who, with the address masked.</param>
/// <param name="SequenceName">The sequence's name.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="HaltReason">Why it was halted, if it was.</param>
/// <param name="NextStep">The step it waits for, while active.</param>
/// <param name="NextSendUtc">When that step is to go.</param>
/// <param name="ContactTimeZone">The contact's time zone, to show the contact's local time beside it.</param>
/// <param name="EnrolledUtc">When it started.</param>
/// <param name="EndedUtc">When it completed or was halted.</param>
public sealed record EnrollmentRow(
    string EnrollmentId,
    ContactLabel Contact,
    string SequenceName,
    EnrollmentStatus Status,
    string? HaltReason,
    string? NextStep,
    DateTimeOffset? NextSendUtc,
    string? ContactTimeZone,
    DateTimeOffset EnrolledUtc,
    DateTimeOffset? EndedUtc);
