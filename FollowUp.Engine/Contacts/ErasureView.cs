namespace FollowUp.Engine.Contacts;

/// <summary>The answer to an erasure: how many rows each table lost (and outbox files), with no personal data.</summary>
public sealed record ErasureView(IReadOnlyDictionary<string, int> Removed);
