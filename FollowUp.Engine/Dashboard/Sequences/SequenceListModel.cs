namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>A page of the sequences list, and the address of the next page, if any.</summary>
public sealed record SequenceListModel(IReadOnlyList<SequenceRow> Rows, string? Next, bool IsFirstPage);
