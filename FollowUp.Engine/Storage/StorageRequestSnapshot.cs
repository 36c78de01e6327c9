namespace FollowUp.Engine.Storage;

/// <summary>The storage requests counted up to one moment, by kind.</summary>
/// <param name="Counts">The count of each kind of request seen; kinds never seen are absent.</param>
public sealed record StorageRequestSnapshot(IReadOnlyDictionary<StorageRequestKind, StorageRequestCount> Counts)
{
    /// <summary>Every request counted.</summary>
    public long Requests => Counts.Values.Sum(count => count.Requests);

    /// <summary>The requests made between <paramref name="earlier"/> and this snapshot, leaving out kinds with none.</summary>
    public StorageRequestSnapshot Since(StorageRequestSnapshot earlier) =>
        new(Counts
            .Select(pair => (pair.Key, Count: earlier.Counts.TryGetValue(pair.Key, out var before)
                ? new StorageRequestCount(pair.Value.Requests - before.Requests, pair.Value.Failed - before.Failed)
                : pair.Value))
            .Where(item => item.Count.Requests > 0)
            .ToDictionary(item => item.Key, item => item.Count));

    /// <summary>The requests of <paramref name="kind"/>; zero when none was counted.</summary>
    public long RequestsOf(StorageRequestKind kind) => Counts.TryGetValue(kind, out var count) ? count.Requests : 0;
}
