namespace FollowUp.Engine.Channels;

/// <summary>A rendered email, ready for a channel.</summary>
/// <param name="Key">The enrollment and step it belongs to.</param>
/// <param name="To">The recipient address.</param>
/// <param name="ToName">The recipient's name, when known.</param>
/// <param name="Subject">The rendered subject.</param>
/// <param name="Text">The plain-text part, or null.</param>
/// <param name="Html">The HTML part, or null.</param>
public sealed record OutgoingEmail(SendKey Key, string To, string? ToName, string Subject, string? Text, string? Html);
