namespace FollowUp.Engine.Timing;

/// <summary>When a step falls due, when it is sent, and why.</summary>
/// <param name="DueUtc">When the step falls due by the sequence's delays.</param>
/// <param name="SendUtc">When it is sent: the due time, or the next moment the rules allow.</param>
/// <param name="SendLocal">The send time in the contact's time zone, with its offset.</param>
/// <param name="TimeZone">The IANA zone the rules were read in.</param>
/// <param name="TimeZoneFrom">Where that zone came from: <c>contact</c>, <c>sequence</c> or <c>default</c>.</param>
/// <param name="Explanation">The reasoning in one sentence: "due Sat 2026-11-28 14:10 UTC (08:10 America/Chicago); outside the window …; send Mon …".</param>
public sealed record SendPlan(DateTimeOffset DueUtc, DateTimeOffset SendUtc, DateTimeOffset SendLocal, string TimeZone, string TimeZoneFrom, string Explanation);
