using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace FollowUp.Tests.Dashboard;

/// <summary>Uses the dashboard over HTTP as a browser without script would: reads pages, fills their forms and submits them with the button a person would press.</summary>
/// <remarks>Redirects are not followed, so a test sees the 303 a form answers and where it leads.</remarks>
public sealed class DashboardBrowser : IDisposable
{
    private readonly HttpClient http;

    /// <summary>A browser of the app at <paramref name="baseAddress"/>.</summary>
    public DashboardBrowser(Uri baseAddress) =>
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>A page read with GET: its status and its document.</summary>
    public async Task<(int Status, IHtmlDocument Page)> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        return ((int)response.StatusCode, await ParseAsync(response));
    }

    /// <summary>Submits the form that holds <paramref name="button"/> (a CSS selector of a submit button) as the browser would, after <paramref name="fill"/> changes its fields.</summary>
    /// <returns>The status, the page answered (empty for a redirect) and the redirect's location.</returns>
    public async Task<(int Status, IHtmlDocument Page, string? Location)> SubmitAsync(IHtmlDocument page, string button, Action<IHtmlDocument>? fill = null)
    {
        fill?.Invoke(page);
        var submitter = page.QuerySelector<IHtmlButtonElement>(button) ?? throw new InvalidOperationException($"The page has no button {button}.");
        var form = submitter.Form ?? throw new InvalidOperationException($"The button {button} is in no form.");
        var action = submitter.GetAttribute("formaction") ?? form.GetAttribute("action")!;
        var fields = Fields(form, submitter);
        using var response = await http.PostAsync(action.Split('#')[0], new FormUrlEncodedContent(fields));
        return ((int)response.StatusCode, await ParseAsync(response), response.Headers.Location?.OriginalString);
    }

    /// <summary>Posts fields as they are, to check what the app does with a form no page of it made.</summary>
    public async Task<(int Status, IHtmlDocument Page)> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await http.PostAsync(path, new FormUrlEncodedContent(fields));
        return ((int)response.StatusCode, await ParseAsync(response));
    }

    /// <summary>The fields a browser sends for <paramref name="form"/> submitted with <paramref name="submitter"/>: named, enabled controls, ticked boxes only, selected options, and the submitter's own name and value.</summary>
    public static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form, IHtmlButtonElement submitter)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when box.IsChecked:
                    fields.Add(new(name, box.Value ?? "on"));
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" or "submit" }:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
                case IHtmlButtonElement button when button == submitter:
                    fields.Add(new(name, button.Value));
                    break;
            }
        }

        return fields;
    }

    /// <summary>Sets the value of the input, textarea or select named <paramref name="name"/>.</summary>
    public static void Set(IParentNode page, string name, string value)
    {
        switch (page.QuerySelector($"[name='{name}']"))
        {
            case IHtmlInputElement input:
                input.Value = value;
                break;
            case IHtmlTextAreaElement area:
                area.Value = value;
                break;
            case IHtmlSelectElement select:
                select.Value = value;
                break;
            default:
                throw new InvalidOperationException($"The page has no field {name}.");
        }
    }

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    public void Dispose() => http.Dispose();
}
