using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Scheduling;

/// <summary>The columns a DueIndex row and a NextDue row share: which step of which enrollment is due when.</summary>
public abstract class ScheduledStepRow : TableRow
{
    /// <summary>The enrollment whose step is scheduled.</summary>
    public string EnrollmentId { get; set; } = "";

    /// <summary>The scheduled step.</summary>
    public string StepId { get; set; } = "";

    /// <summary>The sequence version the enrollment follows.</summary>
    public int SequenceVersion { get; set; }

    /// <summary>When the step is to be sent.</summary>
    public DateTimeOffset DueUtc { get; set; } = DateTimeOffset.MinValue;
}
