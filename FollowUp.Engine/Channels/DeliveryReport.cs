namespace FollowUp.Engine.Channels;

/// <summary>What a provider reported about a message after accepting it.</summary>
/// <param name="Status">The provider's word for it, lower case: <c>succeeded</c>, <c>failed</c>, <c>delivered</c>, <c>undelivered</c>.</param>
/// <param name="Detail">The provider's error, when it gave one.</param>
public sealed record DeliveryReport(string Status, string? Detail);
