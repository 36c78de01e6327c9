namespace FollowUp.Engine.Dashboard.Sources;

/// <summary>What the sources page shows.</summary>
/// <param name="Sources">Every source, in id order.</param>
public sealed record SourceListModel(IReadOnlyList<SourceRow> Sources);
