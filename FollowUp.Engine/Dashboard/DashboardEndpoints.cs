using FollowUp.Engine.Dashboard.SignIn;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Dashboard;

/// <summary>The one entry point of the dashboard in both hosts: finds the route, lets in only a signed-in operator, checks forms, and answers.</summary>
public sealed class DashboardEndpoints
{
    /// <summary>The most a dashboard form may post: forms hold a sequence at most.</summary>
    public const int MaxFormBytes = 512 * 1024;

    private readonly DashboardRouteTable table = new();
    private readonly IDashboardSignIn signIn;
    private readonly DashboardForms forms;
    private readonly DashboardPages pages;
    private readonly ILogger<DashboardEndpoints> logger;

    /// <summary>Collects the routes of every area.</summary>
    public DashboardEndpoints(IEnumerable<IDashboardArea> areas, IDashboardSignIn signIn, DashboardForms forms, DashboardPages pages, ILogger<DashboardEndpoints> logger)
    {
        this.signIn = signIn;
        this.forms = forms;
        this.pages = pages;
        this.logger = logger;
        foreach (var area in areas)
        {
            area.Map(table);
        }
    }

    /// <summary>Every route, for tests and the route list in the docs.</summary>
    public IReadOnlyList<DashboardRoute> Routes => table.Routes;

    /// <summary>Answers a request for <c>/api/dashboard/{path}</c>.</summary>
    public async Task<IResult> HandleAsync(HttpContext context, string? path)
    {
        var relative = (path ?? "").Trim('/');
        var (route, values) = Find(context.Request.Method, relative);
        var user = signIn.Authenticate(context);
        if (route is null)
        {
            var known = table.Routes.Any(candidate => candidate.TryMatch(candidate.Method, relative, []));
            return user is null ? await RefuseAsync(context)
                : await pages.MessageAsync(new DashboardRequest(context, user, values, null, pages),
                    known ? "Not allowed" : "Page not found", new DashboardMessage(known ? "This address does not take that kind of request." : "There is no page at this address. Use the menu to find what you are looking for."),
                    known ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound);
        }

        if (!route.Open && user is null)
        {
            return await RefuseAsync(context);
        }

        IFormCollection? form = null;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var refusal = await ReadFormAsync(context, route, user);
            if (refusal.Answer is not null)
            {
                return refusal.Answer;
            }

            form = refusal.Form;
        }

        var request = new DashboardRequest(context, user, values, form, pages);
        try
        {
            return await route.Handler(request);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "The dashboard page {Template} failed", route.Template);
            return await pages.MessageAsync(request, "Something went wrong", new DashboardMessage("FollowUp could not show this page. Nothing you asked for was lost; try again in a moment."), StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>The route that answers <paramref name="method"/> on <paramref name="path"/>, with the values it reads from the path.</summary>
    private (DashboardRoute? Route, RouteValueDictionary Values) Find(string method, string path)
    {
        foreach (var candidate in table.Routes)
        {
            var values = new RouteValueDictionary();
            if (candidate.TryMatch(method, path, values))
            {
                return (candidate, values);
            }
        }

        return (null, []);
    }

    /// <summary>Reads a posted form after checking that it comes from this site and carries the operator's token.</summary>
    private async Task<(IResult? Answer, IFormCollection? Form)> ReadFormAsync(HttpContext context, DashboardRoute route, DashboardUser? user)
    {
        var request = new DashboardRequest(context, user, [], null, pages);
        if (DashboardForms.IsCrossSite(context.Request))
        {
            return (await pages.MessageAsync(request, "Refused", new DashboardMessage("This form was sent from another website, so FollowUp did not act on it."), StatusCodes.Status403Forbidden), null);
        }

        if (!context.Request.HasFormContentType || context.Request.ContentLength > MaxFormBytes)
        {
            return (await pages.MessageAsync(request, "Not a form", new DashboardMessage("FollowUp expected a form from one of its own pages."), StatusCodes.Status400BadRequest), null);
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = MaxFormBytes, MultipartBodyLengthLimit = MaxFormBytes }, context.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return (await pages.MessageAsync(request, "Not a form", new DashboardMessage("FollowUp could not read this form. Go back and try again."), StatusCodes.Status400BadRequest), null);
        }

        if (!route.Open && !forms.Accepts(user!, form[DashboardForms.Field].FirstOrDefault()))
        {
            return (await pages.MessageAsync(request, "Form expired", new DashboardMessage("This form is out of date, so FollowUp did not act on it. Go back, reload the page and try again."), StatusCodes.Status400BadRequest), null);
        }

        return (null, form);
    }

    /// <summary>Sends a browser without an allowed operator to sign in, or says why it may not.</summary>
    private async Task<IResult> RefuseAsync(HttpContext context)
    {
        var refusal = signIn.Refuse(context);
        if (refusal.SignInUrl is not null && HttpMethods.IsGet(context.Request.Method))
        {
            return new DashboardSeeOther(refusal.SignInUrl);
        }

        var message = new DashboardMessage(refusal.Message, refusal.SignInUrl, refusal.SignInUrl is null ? null : "Sign in");
        return await pages.MessageAsync(new DashboardRequest(context, null, [], null, pages), "Sign in to FollowUp", message, StatusCodes.Status401Unauthorized);
    }
}
