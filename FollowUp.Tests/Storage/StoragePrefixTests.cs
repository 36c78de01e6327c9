using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;
using FollowUp.Local;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;

namespace FollowUp.Tests.Storage;

/// <summary>The <c>FollowUp:Storage:Prefix</c> setting: its checks, the prefixed tables and queues on Azurite, and two apps kept apart by it on one Azurite.</summary>
public sealed class StoragePrefixTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData("1abc")]
    [InlineData("ab-c")]
    [InlineData("ab_c")]
    [InlineData("ab c")]
    [InlineData("abé")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Parse_NotLettersAndDigitsOrTooLong_ThrowsNamingTheSetting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StoragePrefix.Parse(value));

        Assert.Contains(StoragePrefix.Setting, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("Acme2", "Acme2")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Parse_LettersAndDigitsStartingWithALetter_KeepsThem(string? value, string prefix) =>
        Assert.Equal(prefix, StoragePrefix.Parse(value));

    [Fact]
    public void MaxLength_KeepsTheLongestTableAndQueueNameWithin63Characters()
    {
        Assert.Equal(44, StoragePrefix.MaxLength);
        Assert.All(StorageNames.AllTables.Append(StorageNames.StepPoisonQueue), name => Assert.InRange(StoragePrefix.MaxLength + name.Length, 3, 63));
    }

    [Fact]
    public async Task EnsureCreated_WithPrefix_CreatesAndUsesThePrefixedTablesAndQueues()
    {
        var prefix = azurite.Prefix + "Own";
        var storage = Storage(prefix);

        await storage.EnsureCreatedAsync(CancellationToken.None);
        await storage.Table(StorageNames.SequencesTable).AddEntityAsync(new TableEntity("seq", "0001"));
        await storage.StepQueue.SendMessageAsync("hello");

        var tables = new TableServiceClient(azurite.ConnectionString);
        foreach (var table in StorageNames.AllTables)
        {
            Assert.Single(await tables.QueryAsync(t => t.Name == prefix + table).ToListAsync());
        }

        Assert.NotNull((await new TableClient(azurite.ConnectionString, prefix + StorageNames.SequencesTable).GetEntityIfExistsAsync<TableEntity>("seq", "0001")).Value);
        var queues = await new QueueServiceClient(azurite.ConnectionString).GetQueuesAsync(prefix: prefix.ToLowerInvariant()).Select(queue => queue.Name).ToListAsync();
        Assert.Equal([prefix.ToLowerInvariant() + "followups", prefix.ToLowerInvariant() + "followups-poison"], queues.Order(StringComparer.Ordinal));
        Assert.Equal(1, (await new QueueClient(azurite.ConnectionString, prefix.ToLowerInvariant() + "followups").GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task LocalHost_InvalidPrefix_DoesNotStart_AndNamesTheSetting()
    {
        using var outbox = new TempFolder();
        var settings = LocalAppFixture.Settings(azurite, outbox);
        settings[StoragePrefix.Setting] = "not-a-prefix";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalHost.StartOnLoopbackAsync(settings, CancellationToken.None));

        Assert.Contains(StoragePrefix.Setting, error.Message, StringComparison.Ordinal);
        Assert.Contains("not-a-prefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionsWorker_StepQueueSettingOfAnotherPrefix_DoesNotStart_AndNamesTheSetting()
    {
        using var outbox = new TempFolder();
        var settings = LocalAppFixture.Settings(azurite, outbox);
        settings[StorageNames.StepQueueSetting] = StorageNames.StepQueue;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FunctionsWorker.StartAsync(settings));

        Assert.Contains(StorageNames.StepQueueSetting, error.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{azurite.Prefix}{StorageNames.StepQueue}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoApps_DifferentPrefixesOnOneAzurite_SeeNeitherTheOthersSequencesNorEnrollmentsNorMessages()
    {
        await using var first = await StartAsync(azurite.Prefix + "a");
        await using var second = await StartAsync(azurite.Prefix + "b");
        var sequenceId = TestData.Id("prefixed");
        (await first.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Prefixed", true, SequenceJson.Email("now", "PT0S")))).EnsureSuccessStatusCode();
        var enrollment = new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" } };

        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await first.Http.PostAsJsonAsync("/api/enrollments", enrollment));

        await LocalAppFixture.EventuallyAsync(
            () => Task.FromResult(first.Outbox.Files($"{created.EnrollmentId}_now.eml").Any()),
            TimeSpan.FromSeconds(30),
            "the first app sends the step");
        Assert.Equal(HttpStatusCode.NotFound, (await second.Http.GetAsync($"/api/sequences/{sequenceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.Http.GetAsync($"/api/enrollments/{created.EnrollmentId}")).StatusCode);
        var refused = await second.Http.PostAsJsonAsync("/api/enrollments", enrollment);
        Assert.False(refused.IsSuccessStatusCode, "the second app enrolled in a sequence only the first one has");
        Assert.Empty(second.Outbox.Files("*"));
        Assert.Equal(HttpStatusCode.OK, (await first.Http.GetAsync($"/api/enrollments/{created.EnrollmentId}")).StatusCode);
    }

    private FollowUpStorage Storage(string prefix) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.ConnectionSetting] = azurite.ConnectionString, [StoragePrefix.Setting] = prefix })
        .Build());

    /// <summary>FollowUp.Local on this class's Azurite with <paramref name="prefix"/> and an outbox of its own.</summary>
    private async Task<PrefixedApp> StartAsync(string prefix)
    {
        var outbox = new TempFolder();
        var settings = LocalAppFixture.Settings(azurite, outbox);
        settings[StoragePrefix.Setting] = prefix;
        var (app, address) = await LocalHost.StartOnLoopbackAsync(settings, CancellationToken.None);
        return new PrefixedApp(app, new HttpClient { BaseAddress = address }, outbox);
    }
}
