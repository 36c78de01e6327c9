using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace FollowUp.Tests.Dashboard;

/// <summary>Uses the dashboard as a browser without script does: reads pages, fills and posts their forms (with the token they carry), and sees where a form leads.</summary>
/// <remarks>Redirects are not followed, so a test sees the 303 a form answers.</remarks>
public sealed class PageClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    /// <summary>Reads a page and parses it.</summary>
    public async Task<(HttpStatusCode Status, IHtmlDocument Page)> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await ReadAsync(response));
    }

    /// <summary>Posts <paramref name="form"/> with the values its fields hold, changed by <paramref name="fields"/>; <paramref name="withToken"/> false leaves out its anti-forgery token.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlFormElement form, IReadOnlyDictionary<string, string>? fields = null, bool withToken = true)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when input.Name is { Length: > 0 } name:
                    values[name] = input.Value;
                    break;
                case IHtmlSelectElement select when select.Name is { Length: > 0 } name:
                    values[name] = select.Value ?? "";
                    break;
                case IHtmlTextAreaElement area when area.Name is { Length: > 0 } name:
                    values[name] = area.Value;
                    break;
            }
        }

        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }

        if (!withToken)
        {
            values.Remove("_csrf");
        }

        return await http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    /// <summary>Parses the page an answer holds.</summary>
    public static async Task<IHtmlDocument> ReadAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>Follows a 303 to the page it names.</summary>
    public async Task<(HttpStatusCode Status, IHtmlDocument Page)> FollowAsync(HttpResponseMessage seeOther)
    {
        Assert.Equal(HttpStatusCode.SeeOther, seeOther.StatusCode);
        return await GetAsync(seeOther.Headers.Location!.OriginalString);
    }

    /// <summary>The form of <paramref name="page"/> that posts to <paramref name="action"/>.</summary>
    public static IHtmlFormElement Form(IDocument page, string action) =>
        page.QuerySelectorAll<IHtmlFormElement>("form").Single(form => form.GetAttribute("action") == action);

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}
