namespace FollowUp.Benchmarks;

/// <summary>Which benchmarks a run performs.</summary>
internal enum BenchmarkKind
{
    All,
    Scan,
    Lateness,
    Limiter,
    Planning,
    Templates,
    Sweep,
    Crash,
    Erasure,
    Hostile,
    Report,
    Listing,
    Dashboard,
    Transactions,
    StorageJson,
}
