using FollowUp.Engine.Failures;

namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>What the overview shows.</summary>
/// <param name="Activity">Sends and replies today and this week.</param>
/// <param name="Failures">The latest failed steps.</param>
/// <param name="Upcoming">The next steps due.</param>
/// <param name="Providers">The email and SMS providers and whether they answer.</param>
public sealed record OverviewModel(OverviewActivity Activity, IReadOnlyList<FailedStep> Failures, IReadOnlyList<UpcomingSend> Upcoming, IReadOnlyList<ProviderStatus> Providers);
