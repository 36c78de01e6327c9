using FollowUp.Engine.Dashboard.Enrollments;
using FollowUp.Engine.Replies;

namespace FollowUp.Engine.Dashboard.Replies;

/// <summary>One reply in the dashboard's list: the reply, who wrote it, their email address for an answer, and the sequence's name.</summary>
/// <param name="Reply">The reply as recorded.</param>
/// <param name="Contact">Who wrote, with the address masked.</param>
/// <param name="Email">The contact's email address, for the link that starts an email to them; null when they have none.</param>
/// <param name="SequenceName">The name of the sequence it answered, when it answered one.</param>
public sealed record ReplyRow(RecentReply Reply, ContactLabel Contact, string? Email, string? SequenceName);
