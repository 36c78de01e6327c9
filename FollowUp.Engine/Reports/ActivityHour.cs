namespace FollowUp.Engine.Reports;

/// <summary>The messages sent and the replies counted in one UTC hour, over the sequences read.</summary>
/// <param name="HourUtc">The start of the hour.</param>
/// <param name="Sent">Messages the provider accepted.</param>
/// <param name="Replied">Replies, each counted once per enrollment it was attributed to.</param>
public sealed record ActivityHour(DateTimeOffset HourUtc, long Sent, long Replied);
