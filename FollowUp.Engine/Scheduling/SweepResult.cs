namespace FollowUp.Engine.Scheduling;

/// <summary>What one sweep did.</summary>
/// <param name="Candidates">Overdue rows read from the NextDue index.</param>
/// <param name="Rescheduled">Stuck steps put back on the schedule.</param>
/// <param name="Cleared">Rows removed because their step was no longer pending (a halt, a move, an outcome recorded after a crash).</param>
/// <param name="Recorded">Steps whose send had ended before a crash kept the outcome off the enrollment, recorded from their send claim.</param>
/// <param name="GaveUp">Stuck steps put back <see cref="SweeperOptions.MaxReschedules"/> times already, marked failed and listed instead.</param>
/// <param name="Backfilled">NextDue rows added for steps scheduled before the table existed.</param>
/// <param name="Elapsed">How long the sweep took.</param>
public sealed record SweepResult(int Candidates, int Rescheduled, int Cleared, int Recorded, int GaveUp, int Backfilled, TimeSpan Elapsed);
