using System.Net;

namespace FollowUp.Local.Keys;

/// <summary>Tells a caller on this machine from one elsewhere, for a FollowUp.Local without a key.</summary>
public static class LocalCaller
{
    /// <summary>Headers a proxy adds when it passes on a request from elsewhere: such a request is not from this machine, whatever its connection says.</summary>
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"];

    /// <summary>Whether the request's connection comes from loopback and carries no header a proxy adds for a caller elsewhere.</summary>
    public static bool IsThisMachine(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote) && !ForwardingHeaders.Any(context.Request.Headers.ContainsKey);
}
