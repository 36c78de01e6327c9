using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>A row of the DueIndex table: partition the shard, row key the due ticks, enrollment id and step id (see <see cref="DueEntry"/>).</summary>
public sealed class DueRow : TableRow
{
    /// <summary>The enrollment whose step is due.</summary>
    public string EnrollmentId { get; set; } = "";

    /// <summary>The step that is due.</summary>
    public string StepId { get; set; } = "";

    /// <summary>The sequence version the enrollment follows.</summary>
    public int SequenceVersion { get; set; }

    /// <summary>When the step is to be sent.</summary>
    public DateTimeOffset DueUtc { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The row of <paramref name="entry"/>.</summary>
    public static DueRow From(DueEntry entry) => new()
    {
        PartitionKey = entry.PartitionKey,
        RowKey = entry.RowKey,
        EnrollmentId = entry.EnrollmentId,
        StepId = entry.StepId,
        SequenceVersion = entry.SequenceVersion,
        DueUtc = entry.DueUtc,
    };

    /// <summary>The entry this row holds.</summary>
    public DueEntry ToDueEntry() => new(EnrollmentId, StepId, SequenceVersion, DueUtc);
}
