using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard;

/// <summary>303 See Other: after a form, the browser asks for the next page with GET, so a reload never posts twice.</summary>
public sealed class DashboardSeeOther(string location) : IResult
{
    /// <summary>Where the browser goes.</summary>
    public string Location { get; } = location;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        DashboardHeaders.Apply(httpContext.Response);
        return Task.CompletedTask;
    }
}
