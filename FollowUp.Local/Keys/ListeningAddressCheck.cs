using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace FollowUp.Local.Keys;

/// <summary>Stops the start of a FollowUp.Local that has no <c>FollowUp:ApiKey</c> yet listens beyond loopback.</summary>
/// <remarks>
/// Without a key, <see cref="ApiKeyFilter"/> answers callers whose connection comes from this machine, which a reverse proxy
/// on the same machine also does. So an app without a key may only listen on <c>localhost</c>, <c>127.0.0.0/8</c> or
/// <c>::1</c>. The addresses are read once the server listens (from <c>Urls</c>, <c>Kestrel:Endpoints</c> or
/// <c>ASPNETCORE_HTTP_PORTS</c> alike), which is after the other services started: the start then fails before the app
/// counts as started, and until then the filter still refuses callers from elsewhere.
/// </remarks>
public sealed class ListeningAddressCheck(IServer server, IOptions<ApiKeyOptions> options, ILogger<ListeningAddressCheck> logger) : IHostedLifecycleService
{
    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (options.Value.ApiKey is { Length: > 0 } || addresses.All(IsLoopback))
        {
            return Task.CompletedTask;
        }

        logger.LogCritical("FollowUp.Local listens beyond this machine ({Addresses}) without FollowUp:ApiKey; it does not start", string.Join(", ", addresses.Where(address => !IsLoopback(address))));
        throw new InvalidOperationException("FollowUp.Local listens beyond this machine but FollowUp:ApiKey is not set: set FollowUp:ApiKey, or listen on localhost, 127.0.0.1 or ::1 only.");
    }

    /// <summary>Whether a listening address (<c>http://localhost:7071</c>, <c>http://[::]:8080</c>) is reachable from this machine only.</summary>
    public static bool IsLoopback(string address)
    {
        var host = BindingAddress.Parse(address).Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
