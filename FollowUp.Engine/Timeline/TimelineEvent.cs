namespace FollowUp.Engine.Timeline;

/// <summary>One entry of an enrollment's timeline: what happened, when, to which step, and why.</summary>
/// <param name="AtUtc">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="StepId">The step it concerns, if any.</param>
/// <param name="Detail">Why, or what the provider said; never a secret.</param>
public sealed record TimelineEvent(DateTimeOffset AtUtc, TimelineEventKind Kind, string? StepId, string? Detail)
{
    /// <summary>True on a <see cref="TimelineEventKind.Clicked"/> made by a link scanner rather than a person; null otherwise.</summary>
    public bool? ByScanner { get; init; }

    /// <summary>The variant of the step the entry concerns, on a step outcome (sent, failed, skipped) of a step with variants.</summary>
    public string? Variant { get; init; }
}
