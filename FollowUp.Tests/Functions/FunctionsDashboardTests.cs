using System.Net;
using AngleSharp.Html.Parser;
using FollowUp.Engine.Dashboard.SignIn;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Functions;

/// <summary>The Functions app's dashboard function: the engine's pages behind App Service Authentication's sign-in, and nothing without it.</summary>
public sealed class FunctionsDashboardTests(FunctionsDashboardTests.SignedInWorkers workers) : IClassFixture<FunctionsDashboardTests.SignedInWorkers>
{
    private const string Owner = "owner@bakery.example";

    /// <summary>Two Functions workers over one Azurite: one where App Service Authentication runs and lets the owner in, one where it does not run.</summary>
    public sealed class SignedInWorkers : LocalAppFixture
    {
        private Dictionary<string, string?> settings = [];

        public FunctionsWorker WithSignIn { get; private set; } = null!;

        public FunctionsWorker WithoutSignIn { get; private set; } = null!;

        protected override void Configure(Dictionary<string, string?> settings) => this.settings = settings;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            WithoutSignIn = await FunctionsWorker.StartAsync(new Dictionary<string, string?>(settings) { ["FollowUp:Dashboard:AllowedUsers"] = Owner });
            WithSignIn = await FunctionsWorker.StartAsync(new Dictionary<string, string?>(settings)
            {
                [AppServiceSignIn.EnabledVariable] = "True",
                ["FollowUp:Dashboard:AllowedUsers"] = Owner,
            });
        }

        public override async Task DisposeAsync()
        {
            WithSignIn.Dispose();
            WithoutSignIn.Dispose();
            await base.DisposeAsync();
        }
    }

    private static HttpRequestMessage Get(string path, string? principal = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (principal is not null)
        {
            request.Headers.Add(AppServiceSignIn.PrincipalNameHeader, principal);
            request.Headers.Add(AppServiceSignIn.PrincipalIdHeader, "00000000-0000-0000-0000-0000000000" + principal.Length.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return request;
    }

    [Fact]
    public async Task Overview_SignedInOwner_IsThePage()
    {
        using var client = workers.WithSignIn.CreateClient(withKey: false);

        using var response = await client.SendAsync(Get("/api/dashboard", Owner));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("Overview", page.QuerySelector("h1")?.TextContent);
        Assert.Contains(Owner, page.QuerySelector(".who")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_NotSignedIn_GoesToTheMicrosoftSignIn()
    {
        using var client = workers.WithSignIn.CreateClient(withKey: false);

        using var response = await client.SendAsync(Get("/api/dashboard/sequences"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith(AppServiceSignIn.SignInPath + "?post_login_redirect_uri=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_SignedInStranger_IsRefusedAndShownNothing()
    {
        using var client = workers.WithSignIn.CreateClient(withKey: false);

        using var response = await client.SendAsync(Get("/api/dashboard", "stranger@elsewhere.example"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("is not allowed to use this dashboard", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Needs your attention", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_HeadersSentWhereAppServiceAuthenticationDoesNotRun_AreNotTrusted()
    {
        using var client = workers.WithoutSignIn.CreateClient(withKey: false);

        using var response = await client.SendAsync(Get("/api/dashboard", Owner));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Sign-in is not set up", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
