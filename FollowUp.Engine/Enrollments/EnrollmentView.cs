using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Engine.Timing;

namespace FollowUp.Engine.Enrollments;

/// <summary>The answer to <c>GET /api/enrollments/{id}</c>; <see cref="NextSend"/> says when the next step goes and why.</summary>
public sealed record EnrollmentView(
    string EnrollmentId,
    string ContactId,
    string SequenceId,
    int SequenceVersion,
    EnrollmentStatus Status,
    string? HaltReason,
    DateTimeOffset EnrolledUtc,
    DateTimeOffset? EndedUtc,
    string? NextStep,
    SendPlan? NextSend,
    IReadOnlyList<EnrollmentStepView> Steps,
    IReadOnlyList<TimelineEvent> Timeline);

/// <summary>One step of an <see cref="EnrollmentView"/>; <see cref="Variant"/> names the step's variant this enrollment gets, if the step has variants.</summary>
public sealed record EnrollmentStepView(
    string Id,
    StepChannel Channel,
    StepStatus Status,
    DateTimeOffset DueUtc,
    DateTimeOffset SendUtc,
    DateTimeOffset? SentUtc,
    string? ProviderMessageId,
    string? Detail,
    string? Delivery,
    string? DeliveryDetail,
    DateTimeOffset? DeliveryUtc,
    string? Variant = null);
