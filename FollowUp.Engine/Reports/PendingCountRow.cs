using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Reports;

/// <summary>A pending count of the Figures table, which a fold moves into the counter rows: partition the enrollment's shard, row key <c>p|&lt;enrollment&gt;|&lt;fact&gt;|&lt;step&gt;</c>.</summary>
public sealed class PendingCountRow : TableRow
{
    /// <summary>The start of the pending rows' keys.</summary>
    public const string Prefix = "p|";

    /// <summary>The sequence.</summary>
    public string SequenceId { get; set; } = "";

    /// <summary>The version the enrollment follows.</summary>
    public int Version { get; set; }

    /// <summary>The step it is attributed to.</summary>
    public string StepId { get; set; } = "";

    /// <summary>The step's variant, or null.</summary>
    public string? Variant { get; set; }

    /// <summary>The counter columns that go up by one, comma-separated.</summary>
    public string Columns { get; set; } = "";

    /// <summary>When it happened, which picks the hour row.</summary>
    public DateTimeOffset AtUtc { get; set; }

    /// <summary>The pending row of <paramref name="count"/>.</summary>
    public static PendingCountRow From(ReportCount count) => new()
    {
        PartitionKey = FigureStore.PartitionOf(count),
        RowKey = Prefix + FigureStore.CountKey(count),
        SequenceId = count.SequenceId,
        Version = count.Version,
        StepId = count.StepId,
        Variant = count.Variant,
        Columns = string.Join(',', count.Columns),
        AtUtc = count.AtUtc,
    };

    /// <summary>The counter columns that go up by one.</summary>
    public IReadOnlyList<string> CountedColumns() => Columns.Split(',');
}
