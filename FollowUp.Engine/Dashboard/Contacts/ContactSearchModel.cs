namespace FollowUp.Engine.Dashboard.Contacts;

/// <summary>What the contact search shows: what was asked, and why it found nothing.</summary>
/// <param name="Query">The email or phone typed, or null before a search.</param>
/// <param name="Errors">Why the search found nothing, by field; null when there is no search yet.</param>
public sealed record ContactSearchModel(string? Query, IReadOnlyDictionary<string, string[]>? Errors);
