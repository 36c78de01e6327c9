using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard;

/// <summary>Answers one dashboard request: a page, a redirect after a form, or a download.</summary>
public delegate Task<IResult> DashboardHandler(DashboardRequest request);
