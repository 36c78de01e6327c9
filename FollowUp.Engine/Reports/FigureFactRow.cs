using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Reports;

/// <summary>A fact row of the Figures table, which makes a count once: partition the enrollment's shard, row key <c>f|&lt;enrollment&gt;|&lt;fact&gt;|&lt;step&gt;</c>.</summary>
public sealed class FigureFactRow : TableRow
{
    /// <summary>The start of the fact rows' keys.</summary>
    public const string Prefix = "f|";

    /// <summary>The version the enrollment followed.</summary>
    public int Version { get; set; }

    /// <summary>The first counter column the count added one to.</summary>
    public string Column { get; set; } = "";

    /// <summary>When it happened.</summary>
    public DateTimeOffset AtUtc { get; set; }

    /// <summary>The fact row of <paramref name="count"/>.</summary>
    public static FigureFactRow From(ReportCount count) => new()
    {
        PartitionKey = FigureStore.PartitionOf(count),
        RowKey = Prefix + FigureStore.CountKey(count),
        Version = count.Version,
        Column = count.Columns[0],
        AtUtc = count.AtUtc,
    };
}
