namespace FollowUp.Engine.Listing;

/// <summary>The answer to <c>GET /api/sequences</c>: one page of sequences by id, and the token of the next page, if any.</summary>
public sealed record SequenceList(IReadOnlyList<SequenceSummary> Sequences, string? Continuation);
