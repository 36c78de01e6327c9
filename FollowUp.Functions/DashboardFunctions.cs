using FollowUp.Engine.Dashboard;
using FollowUp.Engine.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Functions;

/// <summary>The dashboard: one anonymous function for every page and form, which signs operators in itself (App Service Authentication).</summary>
public sealed class DashboardFunctions(DashboardEndpoints dashboard)
{
    /// <summary>Answers any <c>/api/dashboard</c> page or form.</summary>
    [Function(nameof(Dashboard))]
    public Task<IResult> Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = FollowUpRoutes.Dashboard)] HttpRequest req,
        string? path)
        => dashboard.HandleAsync(req.HttpContext, path);
}
