using System.Text;
using System.Text.Json;
using FollowUp.Engine.Dashboard.SignIn;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Dashboard;

public sealed class AppServiceSignInTests
{
    private const string OwnerId = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    private const string GroupId = "0b6c8f2a-1d3e-4f5a-9b7c-2e4d6f8a0c1e";

    private static AppServiceSignIn SignIn(string? authEnabled = "True", string? users = null, string? group = null)
    {
        var settings = new Dictionary<string, string?>();
        if (authEnabled is not null)
        {
            settings[AppServiceSignIn.EnabledVariable] = authEnabled;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new AppServiceSignIn(Options.Create(new DashboardSignInOptions { AllowedUsers = users, AllowedGroup = group }), configuration);
    }

    private static DefaultHttpContext Request(string? name = null, string? id = null, string? principal = null, string path = "/api/dashboard", string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        if (name is not null)
        {
            context.Request.Headers[AppServiceSignIn.PrincipalNameHeader] = name;
        }

        if (id is not null)
        {
            context.Request.Headers[AppServiceSignIn.PrincipalIdHeader] = id;
        }

        if (principal is not null)
        {
            context.Request.Headers[AppServiceSignIn.PrincipalHeader] = principal;
        }

        return context;
    }

    private static string Principal(params string[] groups) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        auth_typ = "aad",
        claims = groups.Select(group => new { typ = "groups", val = group })
            .Prepend(new { typ = "name", val = "Ann Owner" }),
        name_typ = "name",
        role_typ = "roles",
    })));

    [Theory]
    [InlineData(null)]
    [InlineData("False")]
    [InlineData("")]
    [InlineData("yes")]
    public void Authenticate_WithoutAppServiceAuthentication_TrustsNoHeaders(string? authEnabled)
    {
        var signIn = SignIn(authEnabled, users: "ann@acme.example");
        var context = Request("ann@acme.example", OwnerId);

        Assert.Null(signIn.Authenticate(context));
        var refusal = signIn.Refuse(context);
        Assert.Null(refusal.SignInUrl);
        Assert.Equal("Sign-in is not set up for this app: see docs/dashboard-sign-in.md.", refusal.Message);
    }

    [Theory]
    [InlineData("True")]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void Authenticate_AllowedByName_ReturnsTheOperator_AnyCase(string authEnabled)
    {
        var signIn = SignIn(authEnabled, users: " bob@acme.example , Ann@Acme.Example ");

        var user = signIn.Authenticate(Request("ann@acme.example", OwnerId));

        Assert.Equal(new DashboardUser(OwnerId, "ann@acme.example"), user);
    }

    [Fact]
    public void Authenticate_AllowedByObjectId_ReturnsTheOperator()
    {
        var signIn = SignIn(users: OwnerId.ToUpperInvariant());

        Assert.Equal(new DashboardUser(OwnerId, "ann@acme.example"), signIn.Authenticate(Request("ann@acme.example", OwnerId)));
    }

    [Fact]
    public void Authenticate_NoPrincipal_RefusesWithASignInUrlBackToTheRequest()
    {
        var signIn = SignIn(users: "ann@acme.example");
        var context = Request(path: "/api/dashboard/sequences/lead follow-up", query: "?tab=steps&x=a%26b");

        Assert.Null(signIn.Authenticate(context));
        var refusal = signIn.Refuse(context);

        Assert.NotNull(refusal.SignInUrl);
        Assert.StartsWith("/.auth/login/aad?post_login_redirect_uri=", refusal.SignInUrl, StringComparison.Ordinal);
        var target = Uri.UnescapeDataString(refusal.SignInUrl["/.auth/login/aad?post_login_redirect_uri=".Length..]);
        Assert.Equal("/api/dashboard/sequences/lead%20follow-up?tab=steps&x=a%26b", target);
        Assert.DoesNotContain('&', refusal.SignInUrl);
        Assert.DoesNotContain('?', refusal.SignInUrl["/.auth/login/aad?".Length..]);
    }

    [Theory]
    [InlineData("//evil.example/api/dashboard")]
    [InlineData("///evil.example")]
    [InlineData("/\\evil.example/api/dashboard")]
    public void Refuse_PathThatABrowserCouldReadAsAnotherHost_StaysOnThisHost(string path)
    {
        var refusal = SignIn(users: "ann@acme.example").Refuse(Request(path: path));

        var target = Uri.UnescapeDataString(refusal.SignInUrl!["/.auth/login/aad?post_login_redirect_uri=".Length..]);
        Assert.StartsWith("/", target, StringComparison.Ordinal);
        Assert.False(target.StartsWith("//", StringComparison.Ordinal) || target.StartsWith("/\\", StringComparison.Ordinal), target);
        Assert.DoesNotContain("\\", target, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_SignedInButNotListed_RefusesNamingTheAccountWithoutSignInUrl()
    {
        var signIn = SignIn(users: "bob@acme.example", group: GroupId);
        var context = Request("eve@acme.example", "11111111-2222-3333-4444-555555555555", Principal("99999999-0000-0000-0000-000000000000"));

        Assert.Null(signIn.Authenticate(context));
        var refusal = signIn.Refuse(context);
        Assert.Null(refusal.SignInUrl);
        Assert.Equal("Your account (eve@acme.example) is not allowed to use this dashboard. Ask the owner to add you.", refusal.Message);
    }

    [Fact]
    public void Authenticate_MemberOfTheAllowedGroup_ReturnsTheOperator()
    {
        var signIn = SignIn(group: GroupId.ToUpperInvariant());

        var user = signIn.Authenticate(Request("ann@acme.example", OwnerId, Principal("aaaaaaaa-0000-0000-0000-000000000000", GroupId)));

        Assert.Equal(new DashboardUser(OwnerId, "ann@acme.example"), user);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("WzFd")] // [1]
    [InlineData("eyJjbGFpbXMiOiJncm91cHMifQ==")] // {"claims":"groups"}
    [InlineData("eyJjbGFpbXMiOlsxLHsidHlwIjoiZ3JvdXBzIiwidmFsIjo1fV19")] // {"claims":[1,{"typ":"groups","val":5}]}
    [InlineData("")]
    public void Authenticate_MalformedPrincipal_IsNotInTheGroup(string principal)
    {
        var signIn = SignIn(group: GroupId);
        var context = Request("ann@acme.example", OwnerId, principal);

        Assert.Null(signIn.Authenticate(context));
        Assert.Equal("Your account (ann@acme.example) is not allowed to use this dashboard. Ask the owner to add you.", signIn.Refuse(context).Message);
    }

    [Fact]
    public void Groups_WellFormedPrincipal_ReadsOnlyGroupsClaims()
    {
        Assert.Equal([GroupId, OwnerId], AppServiceSignIn.Groups(Principal(GroupId, OwnerId)));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", " ")]
    [InlineData(" , ", "")]
    public void Authenticate_NoAllowList_AdmitsNobodyAndSaysSo(string? users, string? group)
    {
        var signIn = SignIn(users: users, group: group);
        var context = Request("ann@acme.example", OwnerId, Principal(GroupId));

        Assert.Null(signIn.Authenticate(context));
        var refusal = signIn.Refuse(context);
        Assert.Null(refusal.SignInUrl);
        Assert.Equal(AppServiceSignIn.NobodyAllowedMessage, refusal.Message);
        Assert.Contains("Nobody may use this dashboard", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_OnlyTheIdHeader_UsesTheIdAsTheName()
    {
        var signIn = SignIn(users: OwnerId);

        Assert.Equal(new DashboardUser(OwnerId, OwnerId), signIn.Authenticate(Request(id: OwnerId)));
    }
}
