using FollowUp.Engine.Failures;

namespace FollowUp.Engine.Dashboard.Overview;

/// <summary>The dashboard's first page: what needs the business's attention now.</summary>
public sealed class OverviewArea(FailedStepStore failures) : IDashboardArea
{
    /// <summary>How many failed steps the overview lists.</summary>
    public const int FailuresShown = 10;

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes) => routes.Get("", ShowAsync);

    private async Task<Microsoft.AspNetCore.Http.IResult> ShowAsync(DashboardRequest request)
    {
        var failed = await failures.ListAsync(FailuresShown, request.Aborted);
        return await request.Page<OverviewPage>("Overview", new OverviewModel(failed));
    }
}
