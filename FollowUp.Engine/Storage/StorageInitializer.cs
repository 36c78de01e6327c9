using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Storage;

/// <summary>Creates the tables and queues when the host starts, waiting a little for storage that is still starting.</summary>
public sealed class StorageInitializer(FollowUpStorage storage, TimeProvider time, ILogger<StorageInitializer> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Patience;
        while (true)
        {
            try
            {
                await storage.EnsureCreatedAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException && time.GetUtcNow() < deadline)
            {
                logger.LogWarning("Storage is not answering yet: {Reason}", exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
