using FollowUp.Engine;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FollowUp.Benchmarks.Scan;

/// <summary>The engine wired as a host wires it, on the real clock, over one storage account and a temporary outbox.</summary>
internal sealed class EngineServices : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private EngineServices(ServiceProvider provider) => this.provider = provider;

    public FollowUpStorage Storage => provider.GetRequiredService<FollowUpStorage>();

    public DueScanner Scanner => provider.GetRequiredService<DueScanner>();

    /// <summary>One of the engine's services.</summary>
    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    /// <summary>How far ahead of now the scanner reads.</summary>
    public TimeSpan LookAhead => provider.GetRequiredService<IOptions<FollowUpOptions>>().Value.LookAhead;

    /// <summary>Builds the engine on <paramref name="connectionString"/> (on <paramref name="time"/>, the system clock by default) and creates its tables and queues.</summary>
    public static async Task<EngineServices> CreateAsync(string connectionString, string outboxPath, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageNames.ConnectionSetting] = connectionString,
                ["FollowUp:Outbox:Path"] = outboxPath,
            })
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(time ?? TimeProvider.System);
        services.AddFollowUpEngine(configuration);
        // The engine's dashboard needs a host's sign-in; FollowUp.Local's, without a key, admits only callers on this machine.
        services.AddSingleton<FollowUp.Engine.Dashboard.SignIn.IDashboardSignIn, FollowUp.Local.Keys.LocalDashboardSignIn>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await provider.GetRequiredService<FollowUpStorage>().EnsureCreatedAsync(cancellationToken);
        return new EngineServices(provider);
    }

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
