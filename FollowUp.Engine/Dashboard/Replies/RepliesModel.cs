namespace FollowUp.Engine.Dashboard.Replies;

/// <summary>What the replies page shows: one page of the latest replies, newest first, and the link to the next page.</summary>
public sealed record RepliesModel(IReadOnlyList<ReplyRow> Rows, string? Next);
