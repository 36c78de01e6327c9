namespace FollowUp.Engine.OptOuts;

/// <summary>That an operator opted an address back in after the person asked to hear from the business again.</summary>
/// <param name="OptedInUtc">When.</param>
/// <param name="By">The operator's name as the dashboard shows it.</param>
/// <param name="ById">The operator's stable id.</param>
/// <param name="EndedSource">The source of the opt-out it ended (<c>unsubscribe</c>, <c>sms:STOP</c>…).</param>
public sealed record OptIn(DateTimeOffset OptedInUtc, string By, string ById, string? EndedSource);
