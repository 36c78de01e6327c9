using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>A counter of the FormCounters table: PartitionKey = the source id (or <see cref="FormRateCap.RecipientsPartition"/>), RowKey = <see cref="FormRateCap.SourceRow"/>, a client's or a recipient's key.</summary>
public sealed class FormCounterRow : TableRow
{
    /// <summary>The start of the window counted.</summary>
    public DateTimeOffset WindowStartUtc { get; set; }

    /// <summary>How many were counted in the window.</summary>
    public int Count { get; set; }
}
