using FollowUp.Local.Azurite;

namespace FollowUp.Tests.Fixtures;

/// <summary>An in-memory Azurite on ports it chose, started once per test class that uses it.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    /// <summary>The connection string of this Azurite.</summary>
    public string ConnectionString => azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() =>
        azurite = await AzuriteProcess.StartAsync(location: null, (0, 0, 0), CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
