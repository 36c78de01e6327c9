using FollowUp.Engine.Sequences;

namespace FollowUp.Engine.Dashboard.Sequences;

/// <summary>The proven sequences a new one may start from.</summary>
public sealed record SequenceTemplatesModel(IReadOnlyList<SequenceTemplate> Templates);
