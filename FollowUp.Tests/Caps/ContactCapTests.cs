using Azure.Data.Tables;
using FollowUp.Engine;
using FollowUp.Engine.Caps;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Caps;

/// <summary>The cap on messages from other sequences holds at every <c>MaxMessages</c>, the bounds start-up allows and values made without that check.</summary>
public sealed class ContactCapTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2030, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private EngineHarness harness = null!;

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    public async Task WaitUntil_CapReached_WaitsUntilTheOldestCountedMessageLeavesTheWindow(int maxMessages, int allowed)
    {
        var cap = new ContactCap(harness.Storage, Options.Create(new FollowUpOptions { Caps = { MaxMessages = maxMessages, Window = Window } }));
        var contact = TestData.Id("contact");
        var firstSent = Now - TimeSpan.FromHours(3);
        for (var i = 0; i < allowed - 1; i++)
        {
            await cap.RecordAsync(contact, "other", "enrollment", $"step{i}", firstSent + TimeSpan.FromMinutes(i), CancellationToken.None);
        }

        Assert.Null(await cap.WaitUntilAsync(contact, "mine", Now, CancellationToken.None));

        await cap.RecordAsync(contact, "other", "enrollment", "last", firstSent + TimeSpan.FromMinutes(allowed - 1), CancellationToken.None);

        Assert.Equal(firstSent + Window, await cap.WaitUntilAsync(contact, "mine", Now, CancellationToken.None));
    }

    [Fact]
    public async Task RecordAsync_SentMessage_IsKeptInTheContactsEnrollmentsPartitionApartFromItsEnrollments()
    {
        var cap = new ContactCap(harness.Storage, Options.Create(new FollowUpOptions { Caps = { MaxMessages = 1, Window = Window } }));
        var contact = TestData.Id("contact");

        await cap.RecordAsync(contact, "other", "enrollment", "step", Now, CancellationToken.None);
        await cap.RecordAsync(contact, "other", "enrollment", "step", Now, CancellationToken.None);

        var rows = await harness.Storage.Table(StorageNames.EnrollmentsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {contact}")).ToListAsync();
        Assert.StartsWith(ContactCap.RowPrefix, Assert.Single(rows).RowKey, StringComparison.Ordinal);
        Assert.Empty(await harness.Get<EnrollmentStore>().ListAsync(contact, CancellationToken.None));
        Assert.Equal(Now + Window, await cap.WaitUntilAsync(contact, "mine", Now, CancellationToken.None));
    }
}
