using FollowUp.Engine.Storage;
using Microsoft.Extensions.Options;

namespace FollowUp.Local.Azurite;

/// <summary>Starts Azurite with the host when storage is the development storage and nothing answers on its ports.</summary>
public sealed class AzuriteLauncher(IConfiguration configuration, IOptions<LocalOptions> options, ILogger<AzuriteLauncher> logger) : IHostedService, IAsyncDisposable
{
    private AzuriteProcess? azurite;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.StartAzurite || !DevelopmentStorage.IsShortcut(configuration[StorageNames.ConnectionSetting]))
        {
            return;
        }

        var ports = DevelopmentStorage.DefaultPorts;
        if (await DevelopmentStorage.IsListeningAsync(ports.Queue, cancellationToken) && await DevelopmentStorage.IsListeningAsync(ports.Table, cancellationToken))
        {
            logger.LogInformation("Storage emulator already listening on ports {QueuePort} and {TablePort}", ports.Queue, ports.Table);
            return;
        }

        logger.LogInformation("Starting Azurite with its data in {Location}", options.Value.AzuriteLocation);
        azurite = await AzuriteProcess.StartAsync(options.Value.AzuriteLocation, ports, cancellationToken);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
            azurite = null;
        }
    }
}
