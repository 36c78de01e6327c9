namespace FollowUp.Engine.Dispatch;

/// <summary>Where a claimed send stands.</summary>
public enum ClaimStatus
{
    /// <summary>A worker is sending; until its lease ends nobody else may.</summary>
    Sending,
    Sent,
    Failed,
    Skipped,
}
