namespace FollowUp.Engine.Reports;

/// <summary>A sequence's all-time figures over every version: what a list of sequences shows.</summary>
/// <param name="Enrolled">Enrollments started.</param>
/// <param name="Active">Enrollments started and not yet ended.</param>
/// <param name="Sent">Messages sent.</param>
/// <param name="Replied">Enrollments that replied.</param>
public sealed record SequenceTotals(long Enrolled, long Active, long Sent, long Replied)
{
    /// <summary>The share of enrollments that replied, from 0 to 1; null before anyone enrolled.</summary>
    public double? ReplyRate => Enrolled == 0 ? null : Math.Min(1.0, (double)Replied / Enrolled);
}
