namespace FollowUp.Benchmarks.Hostile;

/// <summary>What exists before the hostile requests, so that they reach past "not found" into the handlers.</summary>
/// <param name="ApiKey">The host's <c>FollowUp:ApiKey</c>.</param>
/// <param name="Sequence">A saved sequence.</param>
/// <param name="WebhookSource">A saved Standard Webhooks source.</param>
/// <param name="FormSource">A saved form source.</param>
/// <param name="EnrollmentId">A real enrollment, whose step is due a month ahead.</param>
internal sealed record HostileTargets(string ApiKey, string Sequence, string WebhookSource, string FormSource, string EnrollmentId);
