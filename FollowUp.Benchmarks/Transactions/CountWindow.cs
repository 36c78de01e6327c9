using FollowUp.Engine.Storage;

namespace FollowUp.Benchmarks.Transactions;

/// <summary>The storage requests counted while one part of the workload ran, and what they are divided by.</summary>
/// <param name="What">What one unit is: an enrollment, a step sent, a reply, an idle minute.</param>
/// <param name="Column">The unit's short name, a column of the breakdown table.</param>
/// <param name="Units">How many units the window holds.</param>
/// <param name="Elapsed">How long the window lasted.</param>
/// <param name="Made">The requests counted in the window.</param>
internal sealed record CountWindow(string What, string Column, int Units, TimeSpan Elapsed, StorageRequestSnapshot Made)
{
    /// <summary>The requests of the window per unit.</summary>
    public double Each => (double)Made.Requests / Units;

    /// <summary>The requests answered with an error (or not at all) per unit.</summary>
    public double FailedEach => (double)Made.Counts.Values.Sum(count => count.Failed) / Units;

    /// <summary>The requests of <paramref name="kind"/> per unit.</summary>
    public double EachOf(StorageRequestKind kind) => (double)Made.RequestsOf(kind) / Units;
}
