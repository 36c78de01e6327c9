namespace FollowUp.Benchmarks.Crash;

/// <summary>One kill of the host: when, when its successor was started, and the sends (enrollment id, step id) it held a claim on, with when each was claimed.</summary>
internal sealed record CrashKill(DateTimeOffset KilledUtc, DateTimeOffset RestartedUtc, IReadOnlyDictionary<(string EnrollmentId, string StepId), DateTimeOffset> Claimed);
