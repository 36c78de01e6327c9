using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Enrollments;

/// <summary>The state of one step of one enrollment.</summary>
public sealed class EnrollmentStep
{
    public required string Id { get; init; }

    public required StepChannel Channel { get; init; }

    public StepStatus Status { get; set; }

    /// <summary>When the step is due: the previous step's due time plus the step's <c>after</c>, later if a cap postponed it.</summary>
    public required DateTimeOffset DueUtc { get; set; }

    /// <summary>When the step is to be sent: its due time, or later when the send window, quiet hours, a holiday or the step ahead of it holds it back.</summary>
    /// <remarks>Rows stored before send planning existed have none; <see cref="EnrollmentStore"/> reads their due time then.</remarks>
    public DateTimeOffset SendUtc { get; set; }

    public DateTimeOffset? SentUtc { get; set; }

    /// <summary>The provider's id of the message, when it gave one.</summary>
    public string? ProviderMessageId { get; set; }

    /// <summary>Why the step was skipped or failed.</summary>
    public string? Detail { get; set; }

    /// <summary>How the provider says the sent message ended (<c>delivered</c>, <c>failed</c>…), once it says.</summary>
    public string? Delivery { get; set; }

    /// <summary>The provider's error for a message it could not deliver.</summary>
    public string? DeliveryDetail { get; set; }

    /// <summary>When the delivery report was recorded.</summary>
    public DateTimeOffset? DeliveryUtc { get; set; }

    /// <summary>The id of the variant of the step this enrollment gets (<see cref="StepVariants.Choose"/>), or null when the step has none.</summary>
    public string? Variant { get; init; }

    /// <summary>A step of enrollment <paramref name="enrollmentId"/> not yet sent, due at <paramref name="due"/> and, until its send is planned, to be sent then.</summary>
    public static EnrollmentStep Pending(SequenceStep definition, DateTimeOffset due, string enrollmentId) =>
        new() { Id = definition.Id, Channel = definition.Channel, DueUtc = due, SendUtc = due, Status = StepStatus.Pending, Variant = StepVariants.Choose(enrollmentId, definition) };

    /// <summary>Whether the step will not change any more.</summary>
    public bool IsFinished => Status is StepStatus.Sent or StepStatus.Skipped or StepStatus.Failed;
}
