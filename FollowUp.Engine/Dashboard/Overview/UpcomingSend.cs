namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>A step that is due to go out: to whom, from which sequence, and when.</summary>
/// <param name="DueUtc">When it is due.</param>
/// <param name="EnrollmentId">The enrollment, for its link.</param>
/// <param name="Contact">The contact's name, or null when the contact has none.</param>
/// <param name="Sequence">The sequence's name.</param>
/// <param name="Step">The step: its position, channel and id.</param>
public sealed record UpcomingSend(DateTimeOffset DueUtc, string EnrollmentId, string? Contact, string Sequence, string Step);
