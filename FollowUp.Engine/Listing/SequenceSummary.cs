namespace FollowUp.Engine.Listing;

/// <summary>One sequence of <c>GET /api/sequences</c>: its latest version in brief.</summary>
/// <param name="Id">The sequence id.</param>
/// <param name="Name">The latest version's name.</param>
/// <param name="Version">The latest version.</param>
/// <param name="Steps">How many steps the latest version has.</param>
/// <param name="UpdatedUtc">When the latest version was saved.</param>
public sealed record SequenceSummary(string Id, string Name, int Version, int Steps, DateTimeOffset UpdatedUtc);
