using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Replies;

/// <summary>The body of <c>POST /api/replies</c>: who replied (channel and address), or the enrollment replied to.</summary>
public sealed record ReplyRequest(StepChannel? Channel, string? From, string? Text, string? EnrollmentId);
