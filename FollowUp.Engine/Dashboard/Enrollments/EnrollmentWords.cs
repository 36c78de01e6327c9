using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Timeline;

namespace FollowUp.Engine.Dashboard.Enrollments;

/// <summary>Plain words, and the badge class, for the states and events of enrollments.</summary>
public static class EnrollmentWords
{
    /// <summary>The halt reason the dashboard records when an operator halts an enrollment.</summary>
    public const string HaltedByHand = "dashboard";

    /// <summary>"Active", "Completed", "Halted: they replied".</summary>
    public static string Status(EnrollmentStatus status, string? haltReason) => status switch
    {
        EnrollmentStatus.Active => "Active",
        EnrollmentStatus.Completed => "Completed",
        _ => haltReason is null ? "Halted" : "Halted: " + HaltReason(haltReason),
    };

    /// <summary>Why an enrollment was halted, for people.</summary>
    public static string HaltReason(string reason) => reason switch
    {
        "reply" => "they replied",
        "reenrolled" => "enrolled again",
        HaltedByHand => "halted by hand",
        _ when reason.StartsWith("event:", StringComparison.Ordinal) => "event " + reason["event:".Length..],
        _ => reason,
    };

    /// <summary>The badge class of an enrollment's status.</summary>
    public static string StatusClass(EnrollmentStatus status) => status switch
    {
        EnrollmentStatus.Active => "ok",
        EnrollmentStatus.Halted => "warn",
        _ => "muted",
    };

    /// <summary>"Waiting", "Sending now", "Sent", "Skipped", "Failed".</summary>
    public static string Step(StepStatus status) => status switch
    {
        StepStatus.Pending => "Waiting",
        StepStatus.Queued => "Sending now",
        StepStatus.Sent => "Sent",
        StepStatus.Skipped => "Skipped",
        _ => "Failed",
    };

    /// <summary>The badge class of a step's status.</summary>
    public static string StepClass(StepStatus status) => status switch
    {
        StepStatus.Sent => "ok",
        StepStatus.Failed => "bad",
        StepStatus.Queued => "warn",
        _ => "muted",
    };

    /// <summary>The badge class of the provider's word for a delivery.</summary>
    public static string DeliveryClass(string delivery) => delivery switch
    {
        "delivered" or "succeeded" or "read" => "ok",
        "sent" or "queued" or "accepted" or "sending" => "muted",
        _ => "bad",
    };

    /// <summary>What a timeline event is, in a few words.</summary>
    public static string Event(TimelineEventKind kind) => kind switch
    {
        TimelineEventKind.Enrolled => "Enrolled",
        TimelineEventKind.Sent => "Sent",
        TimelineEventKind.Delivered => "Delivery report",
        TimelineEventKind.Skipped => "Skipped",
        TimelineEventKind.Failed => "Failed",
        TimelineEventKind.DelayedByCap => "Delayed by the sending cap",
        TimelineEventKind.DelayedByWindow => "Delayed by the send window",
        TimelineEventKind.Replied => "Replied",
        TimelineEventKind.AutoReplyIgnored => "Automatic reply, ignored",
        TimelineEventKind.Bounced => "Bounced",
        TimelineEventKind.OptedOut => "Opted out",
        TimelineEventKind.OptedIn => "Opted back in",
        TimelineEventKind.Unsubscribed => "Unsubscribed",
        TimelineEventKind.Halted => "Halted",
        TimelineEventKind.Completed => "Completed",
        TimelineEventKind.Moved => "Moved to a new version",
        TimelineEventKind.Chained => "Went on to the next sequence",
        TimelineEventKind.Replayed => "Tried again",
        TimelineEventKind.Rescheduled => "Rescheduled",
        _ => "Clicked a link",
    };

    /// <summary>The badge class of a timeline event.</summary>
    public static string EventClass(TimelineEventKind kind) => kind switch
    {
        TimelineEventKind.Sent or TimelineEventKind.Delivered or TimelineEventKind.Replied or TimelineEventKind.Completed or TimelineEventKind.Clicked => "ok",
        TimelineEventKind.Failed or TimelineEventKind.Bounced => "bad",
        TimelineEventKind.Halted or TimelineEventKind.OptedOut or TimelineEventKind.Unsubscribed or TimelineEventKind.DelayedByCap or TimelineEventKind.DelayedByWindow => "warn",
        _ => "muted",
    };
}
