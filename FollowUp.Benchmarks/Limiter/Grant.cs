namespace FollowUp.Benchmarks.Limiter;

/// <summary>One unit a worker reserved and then "sent" once its slot came.</summary>
/// <param name="Host">Which simulated host's limiter granted it.</param>
/// <param name="SlotUtc">The slot the limiter granted.</param>
/// <param name="SentUtc">When the worker woke up to send it, on the real clock.</param>
/// <param name="Reserving">How long the reservation took (reading and writing the RateLimits row, with retries).</param>
internal sealed record Grant(int Host, DateTimeOffset SlotUtc, DateTimeOffset SentUtc, TimeSpan Reserving);
