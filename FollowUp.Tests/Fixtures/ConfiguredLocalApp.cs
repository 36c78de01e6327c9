using FollowUp.Local;
using Microsoft.AspNetCore.Builder;

namespace FollowUp.Tests.Fixtures;

/// <summary>FollowUp.Local on a loopback port over its own Azurite and outbox, with settings a test class adds to <see cref="LocalAppFixture.Settings"/>.</summary>
public sealed class ConfiguredLocalApp : IAsyncDisposable
{
    private readonly AzuriteFixture azurite;
    private readonly Dictionary<string, string?> settings;
    private WebApplication app;

    private ConfiguredLocalApp(AzuriteFixture azurite, TempFolder outbox, Dictionary<string, string?> settings, WebApplication app, HttpClient http)
    {
        this.azurite = azurite;
        this.settings = settings;
        this.app = app;
        Outbox = outbox;
        Http = http;
    }

    public TempFolder Outbox { get; }

    /// <summary>A client of the running app; a restart replaces it, since the new app listens on another port.</summary>
    public HttpClient Http { get; private set; }

    /// <summary>The app's services, for a test that arranges or checks state the API does not show.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>Starts Azurite and the app; <paramref name="configure"/> adds to or changes the default test settings.</summary>
    public static async Task<ConfiguredLocalApp> StartAsync(Action<Dictionary<string, string?>> configure)
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var outbox = new TempFolder();
        var settings = LocalAppFixture.Settings(azurite, outbox);
        configure(settings);
        var (app, address) = await LocalHost.StartOnLoopbackAsync(settings, CancellationToken.None);
        return new ConfiguredLocalApp(azurite, outbox, settings, app, new HttpClient { BaseAddress = address });
    }

    /// <summary>Stops the app and starts a new one with the same settings over the same Azurite and outbox, as a restart of the host.</summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        var (restarted, address) = await LocalHost.StartOnLoopbackAsync(settings, CancellationToken.None);
        app = restarted;
        Http = new HttpClient { BaseAddress = address };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await azurite.DisposeAsync();
        Outbox.Dispose();
    }
}
