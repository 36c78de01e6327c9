using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>The one row of the NextDue table that says where its backfill stands: partition <c>backfill</c>, row key empty.</summary>
public sealed class NextDueMarkerRow : TableRow
{
    /// <summary>The marker's partition; it sorts after every due minute, so the sweep never reads it.</summary>
    public const string Partition = "backfill";

    /// <summary>A row with its fixed key.</summary>
    public NextDueMarkerRow() => PartitionKey = Partition;

    /// <summary>Where the walk of the due index goes on; null at its start.</summary>
    public string? ContinuationToken { get; set; }

    /// <summary>Whether every due index row has been walked.</summary>
    public bool Done { get; set; }

    /// <summary>How many NextDue rows the backfill added so far.</summary>
    public long Added { get; set; }

    /// <summary>The row of <paramref name="marker"/>.</summary>
    public static NextDueMarkerRow From(NextDueBackfillMarker marker) => new()
    {
        ContinuationToken = marker.ContinuationToken,
        Done = marker.Done,
        Added = marker.Added,
    };

    /// <summary>The marker this row holds.</summary>
    public NextDueBackfillMarker ToMarker() => new(ContinuationToken, Done, Added);
}
