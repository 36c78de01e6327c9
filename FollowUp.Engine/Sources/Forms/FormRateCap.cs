using System.Net;
using System.Net.Sockets;

namespace FollowUp.Engine.Sources.Forms;

/// <summary>Caps the submissions of each client address to each form source, in fixed windows counted in this instance's memory.</summary>
/// <remarks>
/// The client is <c>HttpContext.Connection.RemoteIpAddress</c>. Behind a proxy the host must apply the forwarded headers
/// first (the Functions ASP.NET Core integration does, from the X-Forwarded-For its host sends); otherwise every client
/// shares the proxy's address. IPv6 clients are counted per /64, the block one subscriber usually holds.
/// The counts live in one instance's memory, so N instances of the app let up to N times the cap through, and a restart
/// forgets them: this cap blunts a flood from one browser or script; it is not an exact quota.
/// Windows that have ended are swept once per window, and at most <see cref="MaxClients"/> windows are kept: beyond
/// that a new client is let through uncounted rather than refused, so a flood from many addresses cannot lock others out.
/// The clock is the injected <see cref="TimeProvider"/> (which <c>System.Threading.RateLimiting</c> cannot take), and
/// <c>Retry-After</c> is the time left in the client's window rather than a whole window.
/// </remarks>
public sealed class FormRateCap(TimeProvider time)
{
    /// <summary>How many submissions one client may make to one source in a <see cref="Window"/>.</summary>
    public const int SubmissionsPerWindow = 10;

    /// <summary>The most client windows kept at once.</summary>
    public const int MaxClients = 100_000;

    /// <summary>The length of a window, which starts at a client's first submission.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, ClientWindow> windows = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    /// <summary>Counts a submission from <paramref name="client"/> to <paramref name="sourceId"/>; returns null when it is within the cap, otherwise how long until the client's window ends.</summary>
    public TimeSpan? TryTake(string sourceId, IPAddress? client)
    {
        var key = sourceId + " " + ClientKey(client);
        var now = time.GetUtcNow();
        lock (gate)
        {
            Sweep(now);
            if (windows.TryGetValue(key, out var window) && window.Ends > now)
            {
                if (window.Count >= SubmissionsPerWindow)
                {
                    return window.Ends - now;
                }

                window.Count++;
                return null;
            }

            if (window is not null || windows.Count < MaxClients)
            {
                windows[key] = new ClientWindow(now + Window);
            }

            return null;
        }
    }

    /// <summary>The address as counted: IPv4 as is (also when mapped into IPv6), IPv6 by its /64 prefix.</summary>
    internal static string ClientKey(IPAddress? client)
    {
        if (client is null)
        {
            return "unknown";
        }

        if (client.IsIPv4MappedToIPv6)
        {
            return client.MapToIPv4().ToString();
        }

        if (client.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return client.ToString();
        }

        var bytes = client.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < nextSweep)
        {
            return;
        }

        foreach (var (key, window) in windows)
        {
            if (window.Ends <= now)
            {
                windows.Remove(key);
            }
        }

        nextSweep = now + Window;
    }

    private sealed class ClientWindow(DateTimeOffset ends)
    {
        public DateTimeOffset Ends { get; } = ends;

        public int Count { get; set; } = 1;
    }
}
