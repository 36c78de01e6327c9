namespace FollowUp.Engine.Scheduling;

/// <summary>A row of the DueIndex table: partition the shard, row key the due ticks, enrollment id and step id (see <see cref="DueEntry"/>).</summary>
public sealed class DueRow : ScheduledStepRow
{
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
