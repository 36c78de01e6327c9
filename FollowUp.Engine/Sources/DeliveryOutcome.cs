namespace FollowUp.Engine.Sources;

/// <summary>What a delivery led to; the body of a webhook's 200 answer.</summary>
/// <param name="Duplicate">True when the delivery id was seen before, and nothing was done again.</param>
/// <param name="Ignored">True when the delivery was authentic but nothing was to be done (unmapped trigger, honeypot).</param>
/// <param name="EnrollmentId">The enrollment created or updated, if any.</param>
/// <param name="Halted">The enrollments an event halted.</param>
public sealed record DeliveryOutcome(bool Duplicate, bool Ignored, string? EnrollmentId, IReadOnlyList<string> Halted)
{
    /// <summary>The outcome of a repeated delivery.</summary>
    public static readonly DeliveryOutcome Repeat = new(true, false, null, []);

    /// <summary>The outcome of a delivery that does nothing.</summary>
    public static readonly DeliveryOutcome Nothing = new(false, true, null, []);

    /// <summary>The outcome of a form submission held until its contact confirms it.</summary>
    public static readonly DeliveryOutcome Confirming = new(false, false, null, []) { AwaitingConfirmation = true };

    /// <summary>True when nothing starts until the contact confirms by the link sent to them; null otherwise.</summary>
    public bool? AwaitingConfirmation { get; init; }
}
