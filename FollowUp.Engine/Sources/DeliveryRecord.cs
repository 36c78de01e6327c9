namespace FollowUp.Engine.Sources;

/// <summary>One delivery to a source as its history keeps it: when, what it was, and what became of it; never its contact.</summary>
/// <param name="AtUtc">When it arrived.</param>
/// <param name="Trigger">The topic, type or <c>submit</c> it carried, once read; null when it was refused before.</param>
/// <param name="Result">What became of it.</param>
/// <param name="Status">The HTTP status it was answered with.</param>
/// <param name="Detail">For a refusal, the reason or the names of the fields at fault; for an event, how many follow-ups it halted; never a value the delivery held.</param>
public sealed record DeliveryRecord(DateTimeOffset AtUtc, string? Trigger, DeliveryResult Result, int Status, string? Detail);
