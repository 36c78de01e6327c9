using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Timeline;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>What an enrollment's page shows.</summary>
/// <param name="EnrollmentId">The enrollment.</param>
/// <param name="Contact">Who, with the address masked.</param>
/// <param name="ContactTimeZone">The contact's time zone, in which its steps' windows are read; null when unknown.</param>
/// <param name="SequenceId">The sequence.</param>
/// <param name="SequenceName">Its name.</param>
/// <param name="SequenceVersion">The version followed.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="HaltReason">Why it was halted, if it was.</param>
/// <param name="EnrolledUtc">When it started.</param>
/// <param name="EndedUtc">When it completed or was halted.</param>
/// <param name="Steps">Every step.</param>
/// <param name="Timeline">What happened, oldest first.</param>
public sealed record EnrollmentModel(
    string EnrollmentId,
    ContactLabel Contact,
    string? ContactTimeZone,
    string SequenceId,
    string SequenceName,
    int SequenceVersion,
    EnrollmentStatus Status,
    string? HaltReason,
    DateTimeOffset EnrolledUtc,
    DateTimeOffset? EndedUtc,
    IReadOnlyList<EnrollmentStepRow> Steps,
    IReadOnlyList<TimelineEvent> Timeline);
