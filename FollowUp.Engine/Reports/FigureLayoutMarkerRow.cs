using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Reports;

/// <summary>The row of the Figures table that says the move to the shard layout is done (<see cref="FigureLayoutUpgrade"/>): partition <c>layout</c>, row key <c>shards</c>.</summary>
public sealed class FigureLayoutMarkerRow : TableRow
{
    /// <summary>The marker's partition.</summary>
    public const string Partition = "layout";

    /// <summary>The marker's row key.</summary>
    public const string Row = "shards";

    /// <summary>A row with its fixed key.</summary>
    public FigureLayoutMarkerRow() => (PartitionKey, RowKey) = (Partition, Row);

    /// <summary>Whether the rows of the earlier layout are deleted too.</summary>
    public bool Cleaned { get; set; }
}
