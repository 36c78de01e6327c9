using Azure;
using Azure.Data.Tables;

namespace FollowUp.Engine.Reports;

/// <summary>A counter row of the Figures table: partition a shard, row key <c>t|…</c>, <c>h|…</c> or <c>a|…</c> (see <see cref="FigureStore"/>), one 64-bit column per metric counted.</summary>
/// <remarks>Its column names are the metrics it has counted, which vary from row to row, so it goes to and from storage as a <see cref="TableEntity"/>.</remarks>
public sealed class FigureCounterRow
{
    /// <summary>The shard partition.</summary>
    public required string PartitionKey { get; init; }

    /// <summary>The counter's key.</summary>
    public required string RowKey { get; init; }

    /// <summary>The ETag it was read with; a write conditional on it fails when another writer changed the row first.</summary>
    public ETag ETag { get; init; }

    /// <summary>The counts by metric column.</summary>
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>The counter row a stored row holds: its 64-bit columns.</summary>
    public static FigureCounterRow From(TableEntity entity)
    {
        var row = new FigureCounterRow { PartitionKey = entity.PartitionKey, RowKey = entity.RowKey, ETag = entity.ETag };
        foreach (var (column, value) in entity)
        {
            if (value is long count)
            {
                row.Counts[column] = count;
            }
        }

        return row;
    }

    /// <summary>The row to store: its counts as 64-bit columns.</summary>
    public TableEntity ToEntity()
    {
        var entity = new TableEntity(PartitionKey, RowKey);
        foreach (var (column, count) in Counts)
        {
            entity[column] = count;
        }

        return entity;
    }
}
