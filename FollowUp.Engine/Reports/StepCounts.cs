namespace FollowUp.Engine.Reports;

/// <summary>The counter columns of one step (or of the sequence) and variant, summed over shards and hours.</summary>
public sealed class StepCounts
{
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);

    /// <summary>The step id, or <see cref="ReportMetric.SequenceStep"/>.</summary>
    public required string StepId { get; init; }

    /// <summary>The variant, or empty when the step has none.</summary>
    public required string Variant { get; init; }

    /// <summary>The count in a column; zero when nothing was counted in it.</summary>
    public long this[string column] => counts.GetValueOrDefault(column);

    /// <summary>Adds a counter row's value to a column.</summary>
    public void Add(string column, long value) => counts[column] = counts.GetValueOrDefault(column) + value;

    /// <summary>Adds every column of another set of counts.</summary>
    public void Add(StepCounts other)
    {
        foreach (var (column, value) in other.counts)
        {
            Add(column, value);
        }
    }
}
