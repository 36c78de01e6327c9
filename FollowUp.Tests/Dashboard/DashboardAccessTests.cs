using System.Net;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Dashboard;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>The dashboard of a FollowUp.Local without a key: open to this machine, with its forms protected and its headers set.</summary>
public sealed class DashboardAccessTests(LocalAppFixture app) : IClassFixture<LocalAppFixture>
{
    [Fact]
    public async Task Overview_FromThisMachine_IsAPageWithItsSecurityHeaders()
    {
        using var response = await app.Http.GetAsync("/api/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(DashboardHtmlResult.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("Overview", page.QuerySelector("h1")?.TextContent);
        Assert.Equal("page", page.QuerySelector("nav a[href='/api/dashboard']")?.GetAttribute("aria-current"));
        Assert.NotNull(page.QuerySelector($"form[action='/api/dashboard/sign-out'] input[name='{DashboardForms.Field}']"));
    }

    [Fact]
    public async Task Assets_TheStylesheetThePageNames_IsServedForAYear()
    {
        var page = new HtmlParser().ParseDocument(await app.Http.GetStringAsync("/api/dashboard"));
        var stylesheet = page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var script = page.QuerySelector("script[src]")!.GetAttribute("src")!;

        using var css = await app.Http.GetAsync(stylesheet);
        using var js = await app.Http.GetAsync(script);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), css.Headers.CacheControl?.MaxAge);
        Assert.Contains(".table-wrap", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync("/api/dashboard/assets/other.css")).StatusCode);
    }

    [Fact]
    public async Task UnknownPage_IsANotFoundPage()
    {
        using var response = await app.Http.GetAsync("/api/dashboard/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page at this address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutTheFormToken_IsRefusedAndDoesNothing()
    {
        using var response = await app.Http.PostAsync("/api/dashboard/sign-out", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This form is out of date", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    public async Task Post_FromAnotherSite_IsRefusedEvenWithTheToken(string header, string value)
    {
        var page = new HtmlParser().ParseDocument(await app.Http.GetStringAsync("/api/dashboard"));
        var token = page.QuerySelector($"input[name='{DashboardForms.Field}']")!.GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dashboard/sign-out")
        {
            Content = new FormUrlEncodedContent([new(DashboardForms.Field, token)]),
        };
        request.Headers.Add(header, value);

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithTheTokenFromThisSite_IsAnswered()
    {
        var page = new HtmlParser().ParseDocument(await app.Http.GetStringAsync("/api/dashboard"));
        var token = page.QuerySelector($"input[name='{DashboardForms.Field}']")!.GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dashboard/sign-out")
        {
            Content = new FormUrlEncodedContent([new(DashboardForms.Field, token)]),
        };
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Add("Origin", app.Http.BaseAddress!.GetLeftPart(UriPartial.Authority));

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are signed out.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notice_NotSignedByTheApp_IsNotShown()
    {
        var html = await app.Http.GetStringAsync("/api/dashboard?notice=" + Uri.EscapeDataString("Call 0800 FAKE to keep your account"));

        Assert.DoesNotContain("0800 FAKE", html, StringComparison.Ordinal);
    }
}
