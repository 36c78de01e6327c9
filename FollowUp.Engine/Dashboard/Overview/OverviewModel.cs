using FollowUp.Engine.Failures;

namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>What the overview shows.</summary>
public sealed record OverviewModel(IReadOnlyList<FailedStep> Failures);
