namespace FollowUp.Benchmarks.Crash;

/// <summary>One kill of the host: when, when its successor was started, and the sends (enrollment id, step id) it held a claim on.</summary>
internal sealed record CrashKill(DateTimeOffset KilledUtc, DateTimeOffset RestartedUtc, IReadOnlySet<(string EnrollmentId, string StepId)> Claimed);
