using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Sas;
using FollowUp.Engine;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Storage;

public sealed class StorageRequestCounterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly StorageRequestCounter counter = new();

    [Fact]
    public async Task PointRead_ExistingEntity_CountsOnePointReadOfItsTable()
    {
        var table = await CreateTableAsync("CounterPointRead");
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var before = counter.Snapshot();
        await table.GetEntityAsync<TableEntity>("p", "r");
        var made = counter.Snapshot().Since(before);

        Assert.Equal(new StorageRequestKind(StorageService.Table, table.Name, StorageOperation.PointRead), Assert.Single(made.Counts).Key);
        Assert.Equal(new StorageRequestCount(1, 0), made.Counts.Single().Value);
    }

    [Fact]
    public async Task PointRead_MissingEntity_CountsOneFailedPointRead()
    {
        var table = await CreateTableAsync("CounterMissing");

        var before = counter.Snapshot();
        await table.GetEntityIfExistsAsync<TableEntity>("p", "absent");
        var made = counter.Snapshot().Since(before);

        Assert.Equal(new StorageRequestCount(1, 1), made.Counts[new(StorageService.Table, table.Name, StorageOperation.PointRead)]);
    }

    [Fact]
    public async Task SubmitTransaction_ThreeOperations_CountsOneBatchOfItsTable()
    {
        var table = await CreateTableAsync("CounterBatch");
        await table.AddEntityAsync(new TableEntity("p", "existing"));

        var before = counter.Snapshot();
        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity("p", "b")),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("p", "existing")),
        ]);
        var made = counter.Snapshot().Since(before);

        Assert.Equal(1, made.Requests);
        Assert.Equal(1, made.RequestsOf(new(StorageService.Table, table.Name, StorageOperation.Batch)));
    }

    [Fact]
    public async Task TableWrites_EachKind_CountsItsOperation()
    {
        var table = await CreateTableAsync("CounterWrites");

        var before = counter.Snapshot();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        await table.UpsertEntityAsync(new TableEntity("p", "r"), TableUpdateMode.Replace);
        await table.UpsertEntityAsync(new TableEntity("p", "r"), TableUpdateMode.Merge);
        var current = await table.GetEntityAsync<TableEntity>("p", "r");
        await table.UpdateEntityAsync(current.Value, current.Value.ETag, TableUpdateMode.Merge);
        await table.UpdateEntityAsync(new TableEntity("p", "r"), Azure.ETag.All, TableUpdateMode.Replace);
        await table.QueryAsync<TableEntity>(e => e.PartitionKey == "p").ToListAsync();
        await table.DeleteEntityAsync("p", "r");
        var made = counter.Snapshot().Since(before);

        StorageOperation[] expected =
        [
            StorageOperation.Insert, StorageOperation.Upsert, StorageOperation.UpsertMerge, StorageOperation.PointRead,
            StorageOperation.UpdateMerge, StorageOperation.Update, StorageOperation.Query, StorageOperation.Delete,
        ];
        Assert.Equal(expected.Order(), made.Counts.Keys.Select(kind => kind.Operation).Order());
        Assert.All(made.Counts, pair => Assert.Equal((table.Name, 1L), (pair.Key.Resource, pair.Value.Requests)));
    }

    [Fact]
    public async Task ReceiveMessages_OneCall_CountsOneReceiveOfTheStepQueue()
    {
        var storage = CountedStorage();
        await storage.StepQueue.CreateIfNotExistsAsync();
        await storage.StepQueue.SendMessageAsync("one");
        await storage.StepQueue.SendMessageAsync("two");

        var before = counter.Snapshot();
        var received = (await storage.StepQueue.ReceiveMessagesAsync(maxMessages: 32)).Value;
        var afterReceive = counter.Snapshot();
        foreach (var message in received)
        {
            await storage.StepQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        var receive = afterReceive.Since(before);
        var deletes = counter.Snapshot().Since(afterReceive);

        Assert.Equal(2, received.Length);
        Assert.Equal(new StorageRequestKind(StorageService.Queue, storage.StepQueue.Name, StorageOperation.ReceiveMessages), Assert.Single(receive.Counts).Key);
        Assert.Equal(1, receive.Requests);
        Assert.Equal(2, deletes.RequestsOf(new(StorageService.Queue, storage.StepQueue.Name, StorageOperation.DeleteMessage)));
    }

    [Fact]
    public async Task Kinds_KeyedAndSignedRequests_HoldNoSecretKeyOrAddress()
    {
        const string email = "ann.secret@example.com";
        var accountKey = ConnectionStringPart("AccountKey");
        var table = await CreateTableAsync("CounterSecrets");
        await table.AddEntityAsync(new TableEntity($"email:{email}", email));
        await table.GetEntityAsync<TableEntity>($"email:{email}", email);
        await table.QueryAsync<TableEntity>(e => e.PartitionKey == $"email:{email}").ToListAsync();
        var keyed = new QueueClient(azurite.ConnectionString, "counter-secrets");
        await keyed.CreateIfNotExistsAsync();
        var sasUri = keyed.GenerateSasUri(QueueSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1));
        var signature = System.Web.HttpUtility.ParseQueryString(sasUri.Query)["sig"]!;
        var options = new QueueClientOptions();
        counter.AddTo(options);
        var signed = new QueueClient(sasUri, options);
        await signed.SendMessageAsync("hello");
        await signed.ReceiveMessagesAsync();

        var recorded = string.Join("\n", counter.Snapshot().Counts.Keys.Select(kind => kind.ToString()));

        Assert.Contains("counter-secrets", recorded, StringComparison.Ordinal);
        Assert.Contains("CounterSecrets", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(accountKey, recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("sig", recorded, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example.com", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("?", recorded, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFollowUpEngine_CounterRegistered_StorageCountsThroughIt()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(azurite.Settings)
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton(counter);
        services.AddFollowUpEngine(configuration);
        using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<FollowUpStorage>();

        storage.StepQueue.CreateIfNotExists();

        Assert.Equal(1, counter.Snapshot().RequestsOf(new(StorageService.Queue, storage.StepQueue.Name, StorageOperation.CreateQueue)));
    }

    private FollowUpStorage CountedStorage() => new(
        new ConfigurationBuilder()
            .AddInMemoryCollection(azurite.Settings)
            .Build(),
        counter);

    private async Task<TableClient> CreateTableAsync(string name)
    {
        var table = CountedStorage().Table(name);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private string ConnectionStringPart(string name) =>
        azurite.ConnectionString.Split(';').Select(part => part.Split('=', 2)).Single(pair => pair[0] == name)[1];
}
