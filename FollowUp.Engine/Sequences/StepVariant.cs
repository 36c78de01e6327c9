using FollowUp.Engine.Timing;

namespace FollowUp.Engine.Sequences;

/// <summary>One A/B variant of a step: its own templates (a part left null is the step's own) and, for an email, its own send window.</summary>
/// <param name="Id">Unique within the step; names the variant in the enrollment view, the timeline and the reports.</param>
/// <param name="Weight">Its share of the enrollments, relative to the step's other variants.</param>
/// <param name="Subject">Liquid template of the email subject, or null for the step's.</param>
/// <param name="Text">Liquid template of the text part (or SMS body), or null for the step's.</param>
/// <param name="Html">Liquid template of the HTML part, or null for the step's.</param>
/// <param name="Window">The send window of enrollments given this variant, in place of the sequence's; null for the sequence's.</param>
public sealed record StepVariant(string Id, int Weight, string? Subject, string? Text, string? Html, SendWindow? Window = null);
