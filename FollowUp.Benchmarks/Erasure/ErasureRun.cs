namespace FollowUp.Benchmarks.Erasure;

/// <summary>One timed erasure: the unrelated rows around it, what it removed and the storage requests it sent.</summary>
internal sealed record ErasureRun(int Unrelated, int Removed, int Reads, int Requests, double Milliseconds);
