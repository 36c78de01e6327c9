using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Timeline;

/// <summary>One event of an enrollment's timeline: in its contact's partition of the Enrollments table, row key
/// <c>~timeline~&lt;enrollment id&gt;~&lt;ticks&gt;_&lt;suffix&gt;</c> (see <see cref="TimelineStore"/>); rows from
/// before that layout have the same columns in the Timeline table, partitioned by enrollment.</summary>
public sealed class TimelineRow : TableRow
{
    /// <summary>When it happened.</summary>
    public DateTimeOffset AtUtc { get; set; }

    /// <summary>The <see cref="TimelineEventKind"/>, by name.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The step it concerns, if any.</summary>
    public string? StepId { get; set; }

    /// <summary>What happened, in words.</summary>
    public string? Detail { get; set; }

    /// <summary>For a click: whether a link scanner made it.</summary>
    public bool? ByScanner { get; set; }

    /// <summary>For a step's outcome: the variant sent.</summary>
    public string? Variant { get; set; }

    /// <summary>The row of <paramref name="entry"/> under these keys.</summary>
    public static TimelineRow From(string partitionKey, string rowKey, TimelineEvent entry) => new()
    {
        PartitionKey = partitionKey,
        RowKey = rowKey,
        AtUtc = entry.AtUtc,
        Kind = entry.Kind.ToString(),
        StepId = entry.StepId,
        Detail = entry.Detail,
        ByScanner = entry.ByScanner,
        Variant = entry.Variant,
    };

    /// <summary>The event this row holds.</summary>
    public TimelineEvent ToEvent() =>
        new(AtUtc, Enum.Parse<TimelineEventKind>(Kind), StepId, Detail) { ByScanner = ByScanner, Variant = Variant };
}
