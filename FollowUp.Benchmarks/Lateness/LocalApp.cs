using FollowUp.Engine.Storage;
using FollowUp.Local;
using FollowUp.Local.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FollowUp.Benchmarks.Lateness;

/// <summary>FollowUp.Local running in-process on a loopback port with its production schedule and queue settings.</summary>
internal sealed class LocalApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalApp(WebApplication app, HttpClient http)
    {
        this.app = app;
        Http = http;
    }

    /// <summary>A client whose base address is the app's.</summary>
    public HttpClient Http { get; }

    /// <summary>A service of the app, to show which settings it ran with.</summary>
    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>One of the app's hosted services, such as its queue listener.</summary>
    public T Hosted<T>() where T : IHostedService => app.Services.GetServices<IHostedService>().OfType<T>().Single();

    /// <summary>Starts the app over <paramref name="connectionString"/>; only storage, the outbox, log levels, the profile (punctual unless given) and the storage prefix (none unless given) are set, and <paramref name="services"/> may add services.</summary>
    public static async Task<LocalApp> StartAsync(string connectionString, string outboxPath, CancellationToken cancellationToken, Action<IServiceCollection>? services = null, SchedulingProfile profile = SchedulingProfile.Punctual, string storagePrefix = "")
    {
        var settings = new Dictionary<string, string?>
        {
            [StorageNames.ConnectionSetting] = connectionString,
            ["FollowUp:Local:StartAzurite"] = "false",
            [SchedulingProfileSettings.Setting] = profile.ToString(),
            ["FollowUp:Storage:Prefix"] = storagePrefix,
            ["FollowUp:Outbox:Path"] = outboxPath,
            ["FollowUp:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // One line per enrollment and per send would bury the figures; warnings and errors still show.
            ["Logging:LogLevel:Default"] = "Warning",
            // host.json names the FollowUp category (Information), which a Default alone does not override.
            ["Logging:LogLevel:FollowUp"] = "Warning",
        };
        var (app, address) = await LocalHost.StartOnLoopbackAsync(settings, cancellationToken, services);
        return new LocalApp(app, new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
