using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Dashboard.SignIn;

/// <summary>Admits the dashboard's operators signed in by App Service Authentication (Microsoft Entra ID) on Azure, by the principal headers it injects, when they are on the allow-lists of <see cref="DashboardSignInOptions"/>.</summary>
/// <remarks>
/// App Service strips the <c>X-MS-CLIENT-PRINCIPAL*</c> headers from what callers send and sets them only for a signed-in
/// session, but only where its authentication runs. The headers are therefore trusted only when the platform says it
/// runs (<c>WEBSITE_AUTH_ENABLED=True</c>); anywhere else anyone could send them, and every request is refused.
/// </remarks>
public sealed class AppServiceSignIn(IOptions<DashboardSignInOptions> options, IConfiguration configuration) : IDashboardSignIn
{
    /// <summary>The variable App Service sets to <c>True</c> when its authentication is enabled.</summary>
    public const string EnabledVariable = "WEBSITE_AUTH_ENABLED";

    /// <summary>The signed-in caller's claims, as base64 JSON.</summary>
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The signed-in caller's object id.</summary>
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>The signed-in caller's name: for Microsoft Entra ID, the email address or user principal name.</summary>
    public const string PrincipalNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>Where App Service starts a Microsoft Entra sign-in.</summary>
    public const string SignInPath = "/.auth/login/aad";

    /// <summary>The refusal where App Service Authentication does not run.</summary>
    public const string NotSetUpMessage = "Sign-in is not set up for this app: see docs/dashboard-sign-in.md.";

    /// <summary>The refusal when neither allow-list names anyone.</summary>
    public const string NobodyAllowedMessage = "Nobody may use this dashboard yet: the owner lists who may in FollowUp:Dashboard:AllowedUsers or FollowUp:Dashboard:AllowedGroup (see docs/dashboard-sign-in.md).";

    private readonly bool enabled = string.Equals(configuration[EnabledVariable], "True", StringComparison.OrdinalIgnoreCase);

    private readonly IReadOnlySet<string> users = options.Value.Users();

    private readonly string? group = options.Value.Group();

    /// <inheritdoc />
    public DashboardUser? Authenticate(HttpContext context) =>
        enabled && Principal(context.Request) is { } principal && IsAllowed(principal, context.Request) ? principal : null;

    /// <inheritdoc />
    public DashboardRefusal Refuse(HttpContext context)
    {
        if (!enabled)
        {
            return new DashboardRefusal(null, NotSetUpMessage);
        }

        if (Principal(context.Request) is not { } principal)
        {
            return new DashboardRefusal(SignInUrl(context.Request), "Sign in with your Microsoft account to use the dashboard.");
        }

        return users.Count == 0 && group is null
            ? new DashboardRefusal(null, NobodyAllowedMessage)
            : new DashboardRefusal(null, $"Your account ({principal.DisplayName}) is not allowed to use this dashboard. Ask the owner to add you.");
    }

    /// <summary>The caller App Service signed in, or null; the id falls back to the name and the name to the id.</summary>
    private static DashboardUser? Principal(HttpRequest request)
    {
        var id = Header(request, PrincipalIdHeader);
        var name = Header(request, PrincipalNameHeader);
        return id is null && name is null ? null : new DashboardUser(id ?? name!, name ?? id!);
    }

    private bool IsAllowed(DashboardUser principal, HttpRequest request) =>
        users.Contains(principal.Id) || users.Contains(principal.DisplayName)
        || group is not null && Groups(Header(request, PrincipalHeader)).Contains(group, StringComparer.OrdinalIgnoreCase);

    private static string? Header(HttpRequest request, string name) =>
        request.Headers[name].ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The values of the <c>groups</c> claims in the base64 JSON principal; none when it is missing or malformed.</summary>
    internal static IReadOnlyList<string> Groups(string? encoded)
    {
        if (encoded is null)
        {
            return [];
        }

        var bytes = new byte[encoded.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, length));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("claims", out var claims)
                || claims.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return [.. claims.EnumerateArray()
                .Where(claim => claim.ValueKind == JsonValueKind.Object
                    && claim.TryGetProperty("typ", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "groups"
                    && claim.TryGetProperty("val", out var value) && value.ValueKind == JsonValueKind.String)
                .Select(claim => claim.GetProperty("val").GetString()!)];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The sign-in address that brings the operator back to this request's path and query, always a path on this host.</summary>
    private static string SignInUrl(HttpRequest request)
    {
        var target = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();

        // "//host" or "/\host" would be read by a browser as another site; such a path comes back to the root instead.
        if (!target.StartsWith('/') || target.StartsWith("//", StringComparison.Ordinal) || target.StartsWith("/\\", StringComparison.Ordinal))
        {
            target = "/";
        }

        return $"{SignInPath}?post_login_redirect_uri={Uri.EscapeDataString(target)}";
    }
}
