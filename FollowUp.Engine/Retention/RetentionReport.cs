namespace FollowUp.Engine.Retention;

/// <summary>What one cleanup run removed: rows per table.</summary>
public sealed record RetentionReport(IReadOnlyDictionary<string, int> Removed);
