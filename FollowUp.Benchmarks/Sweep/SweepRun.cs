namespace FollowUp.Benchmarks.Sweep;

/// <summary>One timed sweep: what it found and the storage requests it sent.</summary>
internal sealed record SweepRun(int Scheduled, int Stuck, int Candidates, int Rescheduled, int Reads, int Requests, double Milliseconds);
