namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>Messages sent and replies counted today and this week, in the business's time zone.</summary>
/// <param name="SentToday">Messages sent since midnight.</param>
/// <param name="SentThisWeek">Messages sent since Monday's midnight.</param>
/// <param name="RepliesToday">Replies since midnight.</param>
/// <param name="RepliesThisWeek">Replies since Monday's midnight.</param>
public sealed record OverviewActivity(long SentToday, long SentThisWeek, long RepliesToday, long RepliesThisWeek);
