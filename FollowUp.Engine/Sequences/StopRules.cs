namespace FollowUp.Engine.Sequences;

/// <summary>What halts an enrollment of the sequence.</summary>
/// <param name="Reply">A reply from the contact on any channel halts it.</param>
public sealed record StopRules(bool Reply);
