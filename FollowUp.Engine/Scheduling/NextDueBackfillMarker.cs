namespace FollowUp.Engine.Scheduling;

/// <summary>Where the backfill of the NextDue table from the due index stands.</summary>
/// <param name="ContinuationToken">Where the walk of the due index goes on; null at its start.</param>
/// <param name="Done">Whether every due index row has been walked.</param>
/// <param name="Added">How many NextDue rows the backfill added so far.</param>
public sealed record NextDueBackfillMarker(string? ContinuationToken, bool Done, long Added);
