namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>Which provider a channel sends through, and whether it answered just now.</summary>
/// <param name="Channel">"Email" or "SMS".</param>
/// <param name="Provider">The provider in plain words.</param>
/// <param name="Answers">Whether it answered; null when there is nothing to ask (the outbox folder).</param>
/// <param name="Detail">What the check found, in plain words.</param>
public sealed record ProviderStatus(string Channel, string Provider, bool? Answers, string Detail);
