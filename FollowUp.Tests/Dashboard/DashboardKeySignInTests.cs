using System.Net;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Dashboard;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>The dashboard of a FollowUp.Local with <c>FollowUp:ApiKey</c>: nobody gets in without signing in with the key.</summary>
public sealed class DashboardKeySignInTests(DashboardKeySignInTests.KeyedApp app) : IClassFixture<DashboardKeySignInTests.KeyedApp>
{
    /// <summary>The app's <c>FollowUp:ApiKey</c>.</summary>
    public const string Key = "dashboard-test-key-7f3c2a";

    /// <summary>FollowUp.Local with an API key.</summary>
    public sealed class KeyedApp : LocalAppFixture
    {
        /// <inheritdoc />
        protected override void Configure(Dictionary<string, string?> settings) => settings["FollowUp:ApiKey"] = Key;
    }

    private HttpClient Browser()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        return new HttpClient(handler) { BaseAddress = app.Http.BaseAddress };
    }

    [Theory]
    [InlineData("/api/dashboard")]
    [InlineData("/api/dashboard/sequences?status=active")]
    [InlineData("/api/dashboard/no/such/page")]
    public async Task Page_WithoutSignIn_SendsTheBrowserToSignInAndShowsNothing(string path)
    {
        using var browser = Browser();

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/api/dashboard/sign-in?return=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_WithoutSignIn_IsRefused()
    {
        using var browser = Browser();

        using var response = await browser.PostAsync("/api/dashboard/sign-out", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest, "Enter the access key.")]
    [InlineData("wrong-key", HttpStatusCode.Unauthorized, "That key is not right.")]
    public async Task SignIn_WithoutTheRightKey_ShowsTheErrorBesideTheFieldAndSetsNoCookie(string key, HttpStatusCode status, string error)
    {
        using var browser = Browser();

        using var response = await browser.PostAsync("/api/dashboard/sign-in", new FormUrlEncodedContent([new("key", key), new("return", "/api/dashboard")]));

        Assert.Equal(status, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var field = page.QuerySelector("#key")!;
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Contains("key-error", field.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.StartsWith(error, page.QuerySelector("#key-error")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithTheKey_SetsAStrictHttpOnlyCookieAndGoesBack()
    {
        using var browser = Browser();

        using var signIn = await browser.PostAsync("/api/dashboard/sign-in", new FormUrlEncodedContent([new("key", Key), new("return", "/api/dashboard/settings")]));

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/api/dashboard/settings", signIn.Headers.Location?.OriginalString);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith(DashboardSession.Cookie + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, cookie, StringComparison.Ordinal);
        using var overview = await browser.GetAsync("/api/dashboard");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/api/dashboard")]
    [InlineData("//evil.example/api/dashboard")]
    [InlineData("/somewhere-else")]
    public async Task SignIn_WithAReturnAddressElsewhere_GoesToTheOverview(string elsewhere)
    {
        using var browser = Browser();

        using var signIn = await browser.PostAsync("/api/dashboard/sign-in", new FormUrlEncodedContent([new("key", Key), new("return", elsewhere)]));

        Assert.Equal("/api/dashboard", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignOut_EndsTheSignIn()
    {
        using var browser = Browser();
        await browser.PostAsync("/api/dashboard/sign-in", new FormUrlEncodedContent([new("key", Key)]));
        var page = new HtmlParser().ParseDocument(await browser.GetStringAsync("/api/dashboard"));
        var token = page.QuerySelector($"input[name='{DashboardForms.Field}']")!.GetAttribute("value")!;

        using var signOut = await browser.PostAsync("/api/dashboard/sign-out", new FormUrlEncodedContent([new(DashboardForms.Field, token)]));
        using var after = await browser.GetAsync("/api/dashboard");

        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, after.StatusCode);
    }

    [Fact]
    public async Task Cookie_Forged_IsNotASignIn()
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
        request.Headers.Add("Cookie", DashboardSession.Cookie + "=a2V5CkZha2UKOTk5OTk5OTk5OQ.AAAAAAAAAAAAAAAAAAAAAA");

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }
}
