namespace FollowUp.Benchmarks.Scan;

/// <summary>One growth of the index between two measured sizes.</summary>
/// <param name="From">Future rows before.</param>
/// <param name="To">Future rows after.</param>
/// <param name="Elapsed">How long writing the rows took.</param>
internal sealed record SeedingStep(int From, int To, TimeSpan Elapsed)
{
    /// <summary>Rows written per second.</summary>
    public double RowsPerSecond => (To - From) / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
