using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace FollowUp.Engine.Dashboard;

/// <summary>One dashboard page or form: its method, its path under <c>/api/dashboard</c> (a route template such as <c>sequences/{id}</c>) and its handler.</summary>
public sealed class DashboardRoute(string method, string template, DashboardHandler handler, bool open)
{
    private readonly TemplateMatcher matcher = new(TemplateParser.Parse(template), new RouteValueDictionary());

    /// <summary>GET or POST.</summary>
    public string Method { get; } = method;

    /// <summary>The route template, relative to <c>/api/dashboard</c>.</summary>
    public string Template { get; } = template;

    /// <summary>The handler that answers it.</summary>
    public DashboardHandler Handler { get; } = handler;

    /// <summary>Whether it answers without sign-in (the sign-in page and the stylesheet).</summary>
    public bool Open { get; } = open;

    /// <summary>Whether <paramref name="path"/> (relative, without a leading slash) matches; fills <paramref name="values"/> from it.</summary>
    public bool TryMatch(string method, string path, RouteValueDictionary values) =>
        HttpMethods.Equals(Method, method) && matcher.TryMatch("/" + path, values);
}
