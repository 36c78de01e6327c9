using Azure;
using Azure.Data.Tables;

namespace FollowUp.Engine.Reports;

/// <summary>The row of the Figures table that says the move to the shard layout is done (<see cref="FigureLayoutUpgrade"/>): partition <c>layout</c>, row key <c>shards</c>.</summary>
public sealed class FigureLayoutMarkerRow : ITableEntity
{
    /// <summary>The marker's partition.</summary>
    public const string Partition = "layout";

    /// <summary>The marker's row key.</summary>
    public const string Row = "shards";

    /// <inheritdoc />
    public string PartitionKey { get; set; } = Partition;

    /// <inheritdoc />
    public string RowKey { get; set; } = Row;

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>Whether the rows of the earlier layout are deleted too.</summary>
    public bool Cleaned { get; set; }
}
