using System.Globalization;
using FollowUp.Engine.Dashboard.SignIn;
using FollowUp.Engine.Signing;
using Microsoft.AspNetCore.Http;

namespace FollowUp.Engine.Dashboard;

/// <summary>The dashboard's own sign-in cookie, for hosts that sign operators in themselves (FollowUp.Local with a key).</summary>
/// <remarks>The cookie holds the operator and an expiry, signed with the key ring: HttpOnly, SameSite=Strict, Secure over https, and valid for <see cref="Lifetime"/>.</remarks>
public sealed class DashboardSession(TokenSigner signer, TimeProvider clock)
{
    /// <summary>The cookie's name.</summary>
    public const string Cookie = "followup_dashboard";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const string Purpose = "dashboard-session";

    /// <summary>Signs <paramref name="user"/> in on this browser.</summary>
    public void Start(HttpContext context, DashboardUser user)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var value = string.Join('\n', user.Id, user.DisplayName, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        context.Response.Cookies.Append(Cookie, signer.Sign(Purpose, value), Options(context, expires));
    }

    /// <summary>The operator this browser signed in as, or null when it did not, or the sign-in expired or was forged.</summary>
    public DashboardUser? Read(HttpContext context)
    {
        if (!signer.TryVerify(Purpose, context.Request.Cookies[Cookie], out var value))
        {
            return null;
        }

        var parts = value.Split('\n');
        return parts.Length == 3 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && clock.GetUtcNow().ToUnixTimeSeconds() < expires
            ? new DashboardUser(parts[0], parts[1])
            : null;
    }

    /// <summary>Signs this browser out.</summary>
    public static void End(HttpContext context) => context.Response.Cookies.Delete(Cookie, Options(context, expires: null));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = DashboardPaths.Root,
        Expires = expires,
        IsEssential = true,
    };
}
