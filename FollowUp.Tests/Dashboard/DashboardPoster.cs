using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Dashboard;

namespace FollowUp.Tests.Dashboard;

/// <summary>Reads dashboard pages and posts their forms as a browser on the same site would, without following redirects, so a test sees each 303.</summary>
public sealed class DashboardPoster : IDisposable
{
    private readonly HttpClient http;

    /// <summary>A client of the app at <paramref name="baseAddress"/>.</summary>
    public DashboardPoster(Uri baseAddress)
    {
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    /// <summary>The client, for requests the helpers below do not make.</summary>
    public HttpClient Http => http;

    /// <summary>Gets a page; returns its status and parsed document.</summary>
    public async Task<(int Status, IHtmlDocument Page, string Html)> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, new HtmlParser().ParseDocument(html), html);
    }

    /// <summary>The form token of a page.</summary>
    public static string TokenOf(IDocument page) => page.QuerySelector($"input[name='{DashboardForms.Field}']")!.GetAttribute("value")!;

    /// <summary>Posts <paramref name="fields"/> (with the token when given) to <paramref name="path"/> as a same-site form.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string? token, params (string Name, string Value)[] fields)
    {
        var values = fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)).ToList();
        if (token is not null)
        {
            values.Add(new(DashboardForms.Field, token));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        return await http.SendAsync(request);
    }

    /// <summary>Follows a 303 to the page it names.</summary>
    public Task<(int Status, IHtmlDocument Page, string Html)> FollowAsync(HttpResponseMessage seeOther)
    {
        Assert.Equal(303, (int)seeOther.StatusCode);
        return GetAsync(seeOther.Headers.Location!.ToString());
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}
