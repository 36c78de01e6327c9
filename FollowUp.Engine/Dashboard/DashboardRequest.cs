using FollowUp.Engine.Dashboard.SignIn;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FollowUp.Engine.Dashboard;

/// <summary>One dashboard request as a handler sees it: who asks, the route's values, the query and the posted form, and the ways to answer.</summary>
public sealed class DashboardRequest(HttpContext http, DashboardUser? user, RouteValueDictionary route, IFormCollection? form, DashboardPages pages)
{
    /// <summary>The ASP.NET Core request, for what the helpers below do not cover.</summary>
    public HttpContext Http { get; } = http;

    /// <summary>The signed-in operator; null only on open routes.</summary>
    public DashboardUser? User { get; } = user;

    /// <summary>The posted form of a POST, already checked for its anti-forgery token.</summary>
    public IFormCollection? Form { get; } = form;

    /// <summary>Cancelled when the caller goes away.</summary>
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>A value of the route template (<c>{id}</c>), as sent.</summary>
    public string Route(string name) => route.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" : "";

    /// <summary>A query parameter, or null when it is missing or empty.</summary>
    public string? Query(string name) => Http.Request.Query[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

    /// <summary>A posted field, trimmed, or null when it is missing or blank.</summary>
    public string? Field(string name) => Form?[name].FirstOrDefault()?.Trim() is { Length: > 0 } value ? value : null;

    /// <summary>Renders <typeparamref name="TPage"/> with <paramref name="model"/> as its <c>Model</c> parameter inside the dashboard's layout.</summary>
    public Task<IResult> Page<TPage>(string title, object? model, int status = StatusCodes.Status200OK) =>
        pages.RenderAsync(this, typeof(TPage), title, model, status);

    /// <summary>A page that only says something: a missing record, a refused action.</summary>
    public Task<IResult> Message(string title, DashboardMessage message, int status) => pages.MessageAsync(this, title, message, status);

    /// <summary>303 to another dashboard path (relative to <c>/api/dashboard</c>) after a form, with a sentence the next page shows.</summary>
    public IResult SeeOther(string path, string? notice = null) => pages.SeeOther(path, notice);
}
