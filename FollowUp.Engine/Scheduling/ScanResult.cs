namespace FollowUp.Engine.Scheduling;

/// <summary>What one scan did.</summary>
/// <param name="Enqueued">Due steps read from the index and enqueued.</param>
/// <param name="Elapsed">How long the scan took.</param>
public sealed record ScanResult(int Enqueued, TimeSpan Elapsed);
