namespace FollowUp.Engine.Timeline;

/// <summary>What happened to an enrollment, as its timeline shows it.</summary>
public enum TimelineEventKind
{
    Enrolled,
    Sent,
    Delivered,
    Skipped,
    Failed,
    DelayedByCap,
    DelayedByWindow,
    Replied,
    AutoReplyIgnored,
    Bounced,
    OptedOut,
    OptedIn,
    Unsubscribed,
    Halted,
    Completed,
    Moved,
    Chained,
    Replayed,
    Rescheduled,
    Clicked,
}
