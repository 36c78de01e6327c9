namespace FollowUp.Engine.Scheduling;

/// <summary>A row of the NextDue table: partition the due minute's ticks and the shard, row key the enrollment id and step id (see <see cref="NextDueEntry"/>).</summary>
public sealed class NextDueRow : ScheduledStepRow
{
    /// <summary>When a sweep last put the step back, if one did.</summary>
    public DateTimeOffset? SweptUtc { get; set; }

    /// <summary>How often sweeps put the step back since it was last scheduled.</summary>
    public int Reschedules { get; set; }

    /// <summary>The row of <paramref name="entry"/>.</summary>
    public static NextDueRow From(NextDueEntry entry) => new()
    {
        PartitionKey = entry.PartitionKey,
        RowKey = entry.RowKey,
        EnrollmentId = entry.EnrollmentId,
        StepId = entry.StepId,
        SequenceVersion = entry.SequenceVersion,
        DueUtc = entry.DueUtc,
        SweptUtc = entry.SweptUtc,
        Reschedules = entry.Reschedules,
    };

    /// <summary>The entry this row holds.</summary>
    public NextDueEntry ToNextDueEntry() => new(EnrollmentId, StepId, SequenceVersion, DueUtc, SweptUtc, Reschedules);
}
