using FollowUp.Engine.Dashboard.SignIn;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard.Access;

/// <summary>Signing in with a key (where the host has one) and signing out; the stylesheet and script are served here too, open to all.</summary>
public sealed class AccessArea(DashboardAssets assets, DashboardSession session, IDashboardKeyCheck? keyCheck = null) : IDashboardArea
{
    /// <summary>The operator a key signs in: the key names no person.</summary>
    public static readonly DashboardUser KeyHolder = new("key", "Signed in with the key");

    /// <inheritdoc />
    public void Map(DashboardRouteTable routes)
    {
        routes.Open(HttpMethods.Get, "assets/{file}", assets.ServeAsync);
        routes.Open(HttpMethods.Get, "sign-in", ShowAsync);
        routes.Open(HttpMethods.Post, "sign-in", SignInAsync);
        routes.Post("sign-out", SignOut);
    }

    private Task<IResult> ShowAsync(DashboardRequest request) =>
        keyCheck is null
            ? request.Message("Sign in to FollowUp", new DashboardMessage("This app signs you in with your work account when you open the dashboard.", DashboardPaths.Root, "Open the dashboard"), StatusCodes.Status200OK)
            : request.Page<SignInPage>("Sign in to FollowUp", new SignInModel(ReturnPath(request.Query("return")), null));

    private async Task<IResult> SignInAsync(DashboardRequest request)
    {
        if (keyCheck is null)
        {
            return await ShowAsync(request);
        }

        var returnPath = ReturnPath(request.Field("return"));
        var key = request.Field("key");
        if (key is null || !keyCheck.Accepts(key))
        {
            var error = key is null ? "Enter the access key." : "That key is not right. Check FollowUp:ApiKey in this app's settings.";
            return await request.Page<SignInPage>("Sign in to FollowUp", new SignInModel(returnPath, error), key is null ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized);
        }

        session.Start(request.Http, KeyHolder);
        return new DashboardSeeOther(returnPath);
    }

    private Task<IResult> SignOut(DashboardRequest request)
    {
        DashboardSession.End(request.Http);
        return Task.FromResult(request.Http.Request.Headers.ContainsKey(AppServiceSignIn.PrincipalIdHeader)
            ? new DashboardSeeOther("/.auth/logout?post_logout_redirect_uri=" + Uri.EscapeDataString(DashboardPaths.Root))
            : request.SeeOther("sign-in", "You are signed out."));
    }

    private static string ReturnPath(string? given) => DashboardPaths.IsLocal(given) ? given! : DashboardPaths.Root;
}
