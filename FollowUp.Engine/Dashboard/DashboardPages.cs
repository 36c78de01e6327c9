using FollowUp.Engine.Dashboard.Shared;
using FollowUp.Engine.Signing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Dashboard;

/// <summary>Renders a page component inside the dashboard's layout into HTML, on the server, with no state kept between requests.</summary>
/// <remarks>
/// Pages are Razor components used as templates: a handler loads what the page shows, then the page is rendered once to a
/// string with <see cref="HtmlRenderer"/>. Nothing runs in the browser but a small script that improves what already works
/// without it, so both hosts serve the same bytes.
/// </remarks>
public sealed class DashboardPages(IServiceProvider services, ILoggerFactory loggerFactory, DashboardTime time, DashboardForms forms, TokenSigner signer, DashboardAssets assets)
{
    private const string NoticePurpose = "dashboard-notice";
    private const string NoticeParameter = "notice";

    /// <summary>Renders <paramref name="page"/> with <paramref name="model"/> as its <c>Model</c> parameter.</summary>
    public async Task<IResult> RenderAsync(DashboardRequest request, Type page, string title, object? model, int status)
    {
        var notice = signer.TryVerify(NoticePurpose, request.Query(NoticeParameter), out var text) ? text : null;
        var frame = new DashboardFrame(title, request.User, request.User is null ? null : forms.TokenFor(request.User), time, notice, request.Http.Request.Path.Value ?? DashboardPaths.Root, assets);
        RenderFragment body = builder =>
        {
            builder.OpenComponent(0, page);
            if (model is not null)
            {
                builder.AddComponentParameter(1, "Model", model);
            }

            builder.CloseComponent();
        };

        await using var renderer = new HtmlRenderer(services, loggerFactory);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(DashboardLayout.Frame)] = frame,
                [nameof(DashboardLayout.Body)] = body,
            });
            var output = await renderer.RenderComponentAsync<DashboardLayout>(parameters);
            return output.ToHtmlString();
        });
        return new DashboardHtmlResult("<!DOCTYPE html>\n" + html, status);
    }

    /// <summary>A page that only says something.</summary>
    public Task<IResult> MessageAsync(DashboardRequest request, string title, DashboardMessage message, int status) =>
        RenderAsync(request, typeof(MessagePage), title, message, status);

    /// <summary>303 to <paramref name="path"/> under the dashboard, carrying <paramref name="notice"/> signed so no other site can put words on the page.</summary>
    public IResult SeeOther(string path, string? notice)
    {
        var location = path.StartsWith('/') ? path : DashboardPaths.Root + "/" + path;
        if (notice is not null)
        {
            location += (location.Contains('?') ? '&' : '?') + NoticeParameter + "=" + Uri.EscapeDataString(signer.Sign(NoticePurpose, notice));
        }

        return new DashboardSeeOther(location);
    }
}
