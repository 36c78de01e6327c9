using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Replies;

/// <summary>What the path that received a reply knows of it, for the <see cref="RecentReplies"/> index.</summary>
/// <param name="Channel">How it came; null when the API was told only the enrollment.</param>
/// <param name="Text">What they wrote, as received; null when unknown.</param>
/// <param name="OptedOut">Whether it asked in words to stop and opted the address out.</param>
/// <param name="NotifiesBusiness">Whether this path hands replies to the business (<see cref="Notifications.ReplyNotifier"/>); the API's does not.</param>
public sealed record IncomingReply(StepChannel? Channel, string? Text, bool OptedOut, bool NotifiesBusiness);
