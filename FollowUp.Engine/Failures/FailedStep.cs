namespace FollowUp.Engine.Failures;

/// <summary>A step that failed: one entry of the failures list an operator reads and replays.</summary>
/// <param name="EnrollmentId">The enrollment the step belongs to.</param>
/// <param name="StepId">The step.</param>
/// <param name="FailedUtc">When the failure was recorded.</param>
/// <param name="DequeueCount">How often the queue delivered the message before giving up on it; 0 unless it was dead-lettered.</param>
/// <param name="Reason">Why the step failed, as its timeline says it.</param>
/// <param name="Kind">How it failed.</param>
public sealed record FailedStep(string EnrollmentId, string StepId, DateTimeOffset FailedUtc, long DequeueCount, string Reason, FailureKind Kind);
