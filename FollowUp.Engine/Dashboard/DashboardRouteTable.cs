using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard;

/// <summary>The dashboard's routes, which each area adds to; both hosts send every <c>/api/dashboard</c> request through it.</summary>
public sealed class DashboardRouteTable
{
    private readonly List<DashboardRoute> routes = [];

    /// <summary>Every route, in the order the areas added them.</summary>
    public IReadOnlyList<DashboardRoute> Routes => routes;

    /// <summary>Adds a page that needs a signed-in operator.</summary>
    public void Get(string template, DashboardHandler handler) => routes.Add(new(HttpMethods.Get, template, handler, open: false));

    /// <summary>Adds a form that needs a signed-in operator and the form's anti-forgery token.</summary>
    public void Post(string template, DashboardHandler handler) => routes.Add(new(HttpMethods.Post, template, handler, open: false));

    /// <summary>Adds a route anyone may call (the sign-in page, the stylesheet).</summary>
    public void Open(string method, string template, DashboardHandler handler) => routes.Add(new(method, template, handler, open: true));
}
