using FollowUp.Engine.Dashboard.SignIn;
using FollowUp.Engine.Signing;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard;

/// <summary>Protects the dashboard's forms against cross-site requests: a token bound to the operator in every form, and no post from another site.</summary>
/// <remarks>
/// The token is the operator's id signed with the app's key ring, so every instance checks it without shared state, and a
/// page of another site can neither read it nor make one. Browsers also say where a post comes from (<c>Sec-Fetch-Site</c>,
/// <c>Origin</c>); a post that says it comes from elsewhere is refused before its token is read.
/// </remarks>
public sealed class DashboardForms(TokenSigner signer)
{
    /// <summary>The name of the hidden field that carries the token.</summary>
    public const string Field = "_csrf";

    private const string Purpose = "dashboard-form";

    /// <summary>The token the forms of <paramref name="user"/>'s pages carry.</summary>
    public string TokenFor(DashboardUser user) => signer.Sign(Purpose, user.Id);

    /// <summary>Whether <paramref name="token"/> was made for <paramref name="user"/>.</summary>
    public bool Accepts(DashboardUser user, string? token) => signer.TryVerify(Purpose, token, out var id) && id == user.Id;

    /// <summary>Whether the browser says the post comes from another site.</summary>
    public static bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].FirstOrDefault();
        if (site is not null && site is not ("same-origin" or "none"))
        {
            return true;
        }

        var origin = request.Headers.Origin.FirstOrDefault();
        return origin is not null
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var from) || !string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
