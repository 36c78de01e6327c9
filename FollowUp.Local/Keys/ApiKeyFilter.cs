using System.Security.Cryptography;
using System.Text;
using FollowUp.Engine.Http;
using Microsoft.Extensions.Options;

namespace FollowUp.Local.Keys;

/// <summary>Guards the routes the Functions app marks <c>AuthorizationLevel.Function</c>: the key comes in <c>x-functions-key</c> or <c>?code=</c>.</summary>
/// <remarks>
/// With <c>FollowUp:ApiKey</c> set, every caller needs it (401 otherwise). Without it, only callers on this machine are
/// answered (403 otherwise), so that a local run is never open to the network by mistake: the connection must come from
/// loopback and carry no header a proxy adds for a caller elsewhere, and <see cref="ListeningAddressCheck"/> keeps such an app
/// from listening beyond loopback.
/// </remarks>
public sealed class ApiKeyFilter(IOptions<ApiKeyOptions> options) : IEndpointFilter
{
    /// <summary>The header the Functions host reads a function key from.</summary>
    public const string Header = "x-functions-key";

    /// <summary>The query parameter the Functions host reads a function key from.</summary>
    public const string QueryParameter = "code";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Check(context.HttpContext) ?? await next(context);

    /// <summary>The answer that refuses the request, or null when it may go on.</summary>
    public IResult? Check(HttpContext context)
    {
        if (options.Value.ApiKey is not { Length: > 0 } key)
        {
            return LocalCaller.IsThisMachine(context)
                ? null
                : Problems.Forbidden("This FollowUp.Local has no FollowUp:ApiKey, so it answers only on this machine. Set one to take requests from elsewhere.");
        }

        var given = context.Request.Headers[Header].FirstOrDefault() ?? context.Request.Query[QueryParameter].FirstOrDefault();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key))
            ? null
            : Problems.Unauthorized($"Give the key in the {Header} header or the '{QueryParameter}' query parameter.");
    }
}
