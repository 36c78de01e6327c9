namespace FollowUp.Benchmarks.Lateness;

/// <summary>When one enrollment's step was due, claimed and sent, as the enrollment and its send claim record them.</summary>
/// <param name="EnrollmentId">The enrollment.</param>
/// <param name="DueUtc">When the step was due.</param>
/// <param name="ClaimedUtc">When a worker claimed the send, or null when no claim exists (yet).</param>
/// <param name="SentUtc">When it was sent, or null when it was not (yet).</param>
internal sealed record StepTiming(string EnrollmentId, DateTimeOffset DueUtc, DateTimeOffset? ClaimedUtc, DateTimeOffset? SentUtc)
{
    /// <summary>Sent minus due in milliseconds; negative when sent early.</summary>
    public double? LatenessMilliseconds => (SentUtc - DueUtc)?.TotalMilliseconds;

    /// <summary>Claimed minus due in milliseconds: the time the step took to reach a worker.</summary>
    public double? PickupMilliseconds => (ClaimedUtc - DueUtc)?.TotalMilliseconds;

    /// <summary>Sent minus claimed in milliseconds: the time the worker took to render and send.</summary>
    public double? SendMilliseconds => (SentUtc - ClaimedUtc)?.TotalMilliseconds;
}
