using System.Security.Cryptography;
using System.Text;
using FollowUp.Engine.Dashboard;
using FollowUp.Engine.Dashboard.SignIn;
using Microsoft.Extensions.Options;

namespace FollowUp.Local.Keys;

/// <summary>Who may use FollowUp.Local's dashboard: the same rule as its API. Without <c>FollowUp:ApiKey</c>, anyone on this machine; with it, a browser signed in with the key.</summary>
public sealed class LocalDashboardSignIn(IOptions<ApiKeyOptions> options, DashboardSession session) : IDashboardSignIn, IDashboardKeyCheck
{
    /// <summary>The operator of a FollowUp.Local without a key: whoever sits at this machine.</summary>
    public static readonly DashboardUser ThisMachine = new("local", "You, on this computer");

    /// <inheritdoc />
    public DashboardUser? Authenticate(HttpContext context) =>
        options.Value.ApiKey is { Length: > 0 } ? session.Read(context)
        : LocalCaller.IsThisMachine(context) ? ThisMachine
        : null;

    /// <inheritdoc />
    public DashboardRefusal Refuse(HttpContext context) =>
        options.Value.ApiKey is { Length: > 0 }
            ? new DashboardRefusal(DashboardPaths.To("sign-in") + "?return=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString), "Sign in with this app's access key to use the dashboard.")
            : new DashboardRefusal(null, "This FollowUp has no access key, so its dashboard opens only on the computer it runs on. Set FollowUp:ApiKey to use it from elsewhere.");

    /// <inheritdoc />
    public bool Accepts(string key) =>
        options.Value.ApiKey is { Length: > 0 } configured
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(configured));
}
