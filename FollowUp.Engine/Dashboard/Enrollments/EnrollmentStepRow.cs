using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>One step of an enrollment as its page shows it: where it stands, when it goes and why then, and what the provider said.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Title">What the step is: its subject, or the start of its text.</param>
/// <param name="Channel">Email or text.</param>
/// <param name="Status">Where it stands; <see cref="StepStatus.Queued"/> when it is on its way to the sender.</param>
/// <param name="DueUtc">When it falls due by the sequence's delays.</param>
/// <param name="SendUtc">When it is to be sent.</param>
/// <param name="SentUtc">When it was sent.</param>
/// <param name="HeldBy">Why it goes later than due, in a few words (send window, quiet hours, holiday…); null when it goes when due.</param>
/// <param name="Explanation">The engine's reasoning for the send time, in one sentence; null once the step is done.</param>
/// <param name="Detail">Why it was skipped or failed.</param>
/// <param name="Delivery">The provider's word for how the message ended (delivered, bounced, failed…), once it says.</param>
/// <param name="DeliveryDetail">The provider's error.</param>
/// <param name="DeliveryUtc">When the provider's report was recorded.</param>
/// <param name="Variant">The variant this contact gets, when the step has variants.</param>
/// <param name="CanReplay">Whether the step failed and is on the failures list, so it can be tried again.</param>
public sealed record EnrollmentStepRow(
    string Id,
    string? Title,
    StepChannel Channel,
    StepStatus Status,
    DateTimeOffset DueUtc,
    DateTimeOffset SendUtc,
    DateTimeOffset? SentUtc,
    string? HeldBy,
    string? Explanation,
    string? Detail,
    string? Delivery,
    string? DeliveryDetail,
    DateTimeOffset? DeliveryUtc,
    string? Variant,
    bool CanReplay);
