namespace FollowUp.Engine.Sequences;

/// <summary>One message of a sequence, sent <see cref="After"/> the previous step (the first: after enrollment).</summary>
/// <param name="Id">Unique within the sequence; names the step in the API and in the send claim.</param>
/// <param name="After">The delay from the previous step's due time.</param>
/// <param name="Channel">Email or SMS.</param>
/// <param name="Subject">Liquid template of the email subject.</param>
/// <param name="Text">Liquid template of the plain text (the SMS body, or the email's text part).</param>
/// <param name="Html">Liquid template of the email's HTML part; values are HTML-escaped.</param>
public sealed record SequenceStep(string Id, TimeSpan After, StepChannel Channel, string? Subject, string? Text, string? Html);
