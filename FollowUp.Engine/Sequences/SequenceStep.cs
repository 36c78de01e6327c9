namespace FollowUp.Engine.Sequences;

/// <summary>One message of a sequence, sent <see cref="After"/> the previous step (the first: after enrollment).</summary>
/// <param name="Id">Unique within the sequence; names the step in the API and in the send claim.</param>
/// <param name="After">The delay from the previous step's due time.</param>
/// <param name="Channel">Email or SMS.</param>
/// <param name="Subject">Liquid template of the email subject.</param>
/// <param name="Text">Liquid template of the plain text (the SMS body, or the email's text part).</param>
/// <param name="Html">Liquid template of the email's HTML part; values are HTML-escaped.</param>
public sealed record SequenceStep(string Id, TimeSpan After, StepChannel Channel, string? Subject, string? Text, string? Html)
{
    /// <summary>The A/B variants of the step (two to four), or none; <see cref="StepVariants.Choose"/> gives each enrollment one.</summary>
    public IReadOnlyList<StepVariant> Variants { get; init; } = [];

    /// <summary>The step as enrollments given variant <paramref name="variantId"/> receive it: the variant's parts in place of the step's, and no variants.</summary>
    /// <exception cref="ArgumentException">The step has no such variant.</exception>
    public SequenceStep AsVariant(string variantId)
    {
        var variant = Variants.FirstOrDefault(v => v.Id == variantId) ?? throw new ArgumentException($"Step {Id} has no variant '{variantId}'.", nameof(variantId));
        return this with { Subject = variant.Subject ?? Subject, Text = variant.Text ?? Text, Html = variant.Html ?? Html, Variants = [] };
    }

    /// <inheritdoc />
    public bool Equals(SequenceStep? other) =>
        other is not null && Id == other.Id && After == other.After && Channel == other.Channel && Subject == other.Subject
        && Text == other.Text && Html == other.Html && Variants.SequenceEqual(other.Variants);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, After, Channel, Subject, Text, Html, Variants.Count);
}
