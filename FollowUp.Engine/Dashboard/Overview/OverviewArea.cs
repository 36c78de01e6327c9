using FollowUp.Engine.Failures;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>The dashboard's first page: what went out and came back today and this week, what needs attention, what goes out next, and whether the providers answer.</summary>
/// <remarks>Its four parts are read at once: the activity rows (<see cref="ActivityReader"/>), the latest failures (one query), the next sends (<see cref="UpcomingReader"/>) and a connection to each provider (<see cref="ProviderCheck"/>).</remarks>
public sealed class OverviewArea(FailedStepStore failures, ActivityReader activity, UpcomingReader upcoming, ProviderCheck providers) : IDashboardArea
{
    /// <summary>How many failed steps the overview lists.</summary>
    public const int FailuresShown = 10;

    /// <summary>How many of the next sends the overview lists.</summary>
    public const int UpcomingShown = 10;

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes) => routes.Get("", ShowAsync);

    private async Task<IResult> ShowAsync(DashboardRequest request)
    {
        var sums = activity.ReadAsync(request.Aborted);
        var failed = failures.ListAsync(FailuresShown, request.Aborted);
        var next = upcoming.ReadAsync(UpcomingShown, request.Aborted);
        var checks = providers.CheckAsync(request.Aborted);
        return await request.Page<OverviewPage>("Overview", new OverviewModel(await sums, await failed, await next, await checks));
    }
}
