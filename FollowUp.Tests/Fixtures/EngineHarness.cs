using Azure.Storage.Queues.Models;
using FollowUp.Engine;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FollowUp.Tests.Fixtures;

/// <summary>The engine wired as a host wires it, on an Azurite, with a fake clock and a temporary outbox.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private EngineHarness(ServiceProvider provider, FakeTimeProvider clock, TempFolder outbox)
    {
        this.provider = provider;
        Clock = clock;
        Outbox = outbox;
    }

    /// <summary>The engine's clock; it starts at the real time because queue delays run on the storage service's clock.</summary>
    public FakeTimeProvider Clock { get; }

    public TempFolder Outbox { get; }

    public FollowUpStorage Storage => Get<FollowUpStorage>();

    /// <summary>Builds the engine on the tables and queues of <paramref name="azurite"/>'s prefix and empties its queues.</summary>
    public static Task<EngineHarness> CreateAsync(AzuriteFixture azurite, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var all = azurite.Settings;
        foreach (var setting in settings ?? new Dictionary<string, string?>())
        {
            all[setting.Key] = setting.Value;
        }

        return CreateAsync(azurite.ConnectionString, configure, all);
    }

    /// <summary>Builds the engine on <paramref name="connectionString"/> and empties its queues; without a <c>FollowUp:Storage:Prefix</c> in <paramref name="settings"/> it uses the unprefixed names, which every such caller on the same Azurite shares.</summary>
    public static async Task<EngineHarness> CreateAsync(string connectionString, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var outbox = new TempFolder();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageNames.ConnectionSetting] = connectionString,
                ["FollowUp:Outbox:Path"] = outbox.Path,
                ["FollowUp:Sms:QuietHours"] = "off",
                ["FollowUp:Sms:AllowedCountries"] = LocalAppFixture.TestCountries,
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(clock);
        services.AddFollowUpEngine(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var storage = provider.GetRequiredService<FollowUpStorage>();
        await storage.EnsureCreatedAsync(CancellationToken.None);
        await storage.StepQueue.ClearMessagesAsync();
        await storage.StepPoisonQueue.ClearMessagesAsync();
        await ClearRateLimitsAsync(storage);
        return new EngineHarness(provider, clock, outbox);
    }

    public T Get<T>() where T : notnull => provider.GetRequiredService<T>();

    /// <summary>Forgets the send slots of earlier tests, whose fake clocks may have run ahead of this one's.</summary>
    private static async Task ClearRateLimitsAsync(FollowUpStorage storage)
    {
        var table = storage.Table(StorageNames.RateLimitsTable);
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
    }

    /// <summary>Receives every message visible on the step queue now, hiding them for a minute.</summary>
    public async Task<QueueMessage[]> ReceiveAllAsync()
    {
        var all = new List<QueueMessage>();
        while (true)
        {
            var batch = (await Storage.StepQueue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value;
            if (batch.Length == 0)
            {
                return [.. all];
            }

            all.AddRange(batch);
        }
    }

    /// <summary>How many messages wait on the step queue, visible or not.</summary>
    public async Task<int> QueueLengthAsync() => (await Storage.StepQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        Outbox.Dispose();
    }
}
