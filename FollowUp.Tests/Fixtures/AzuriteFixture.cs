using FollowUp.Engine.Storage;
using FollowUp.Local.Azurite;

namespace FollowUp.Tests.Fixtures;

/// <summary>Storage of one test class: a prefix of its own on an in-memory Azurite that the whole run shares.</summary>
/// <remarks>Whatever reaches this Azurite must use <see cref="Settings"/> (or <see cref="Prefix"/>), so that it sees only its own tables and queues.</remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    /// <summary>The connection string of the shared Azurite.</summary>
    public string ConnectionString => azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>The <c>FollowUp:Storage:Prefix</c> of this fixture's tables and queues.</summary>
    public string Prefix { get; private set; } = "";

    /// <summary>The storage settings of this fixture: the connection string, the prefix and the step queue the Functions triggers bind.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        [StorageNames.ConnectionSetting] = ConnectionString,
        [StoragePrefix.Setting] = Prefix,
        [StorageNames.StepQueueSetting] = StoragePrefix.Queue(Prefix, StorageNames.StepQueue),
    };

    public async Task InitializeAsync() => (azurite, Prefix) = await SharedAzurites.TakeAsync();

    /// <summary>Leaves the shared Azurite running for the rest of the run.</summary>
    public Task DisposeAsync() => Task.CompletedTask;
}
