using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine;
using FollowUp.Engine.Caps;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Caps;

/// <summary>The cap on messages from other sequences holds at every <c>MaxMessages</c>, the bounds start-up allows and values made without that check; its rows are read with the enrollment.</summary>
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
    public void WaitUntil_CapReached_WaitsUntilTheOldestCountedMessageLeavesTheWindow(int maxMessages, int allowed)
    {
        var cap = Cap(maxMessages);
        var firstSent = Now - TimeSpan.FromHours(3);
        var rows = Enumerable.Range(0, allowed - 1).Select(i => SentRow.For("contact", "other", "enrollment", $"step{i}", firstSent + TimeSpan.FromMinutes(i))).ToList();
        rows.Add(SentRow.For("contact", "mine", "enrollment", "own", Now - TimeSpan.FromHours(1)));
        rows.Add(SentRow.For("contact", "other", "enrollment", "old", Now - Window));

        Assert.Null(cap.WaitUntil(rows, "mine", Now));

        rows.Add(SentRow.For("contact", "other", "enrollment", "last", firstSent + TimeSpan.FromMinutes(allowed - 1)));

        Assert.Equal(firstSent + Window, cap.WaitUntil(rows, "mine", Now));
    }

    [Fact]
    public async Task GetForSendAsync_EnrollmentContactAndCapRows_AreReadInOneQueryWithoutTheOthers()
    {
        var contact = Engine.Storage.RandomIds.Create(12);
        var enrollment = new Enrollment
        {
            Id = EnrollmentId.Create(contact),
            ContactId = contact,
            SequenceId = "mine",
            SequenceVersion = 1,
            EnrolledUtc = Now,
            Steps = [],
            Data = JsonElement.Parse("{}"),
        };
        var other = new Enrollment { Id = EnrollmentId.Create(contact), ContactId = contact, SequenceId = "other", SequenceVersion = 1, EnrolledUtc = Now, Steps = [], Data = JsonElement.Parse("{}") };
        var store = harness.Get<EnrollmentStore>();
        Assert.Null(await store.CreateAsync(enrollment, CancellationToken.None));
        Assert.Null(await store.CreateAsync(other, CancellationToken.None));
        var table = harness.Storage.Table(StorageNames.EnrollmentsTable);
        await table.UpsertEntityAsync(SentRow.For(contact, "other", other.Id, "step", Now - TimeSpan.FromHours(1)));
        await table.UpsertEntityAsync(SentRow.For(contact, "other", other.Id, "step", Now - TimeSpan.FromHours(1)));
        await table.AddEntityAsync(ContactRow.From(new Contact(contact, "ada@example.com", null, "Ada", null, "Europe/London")).ToEntity());

        var (read, contactRow, sentRows) = await store.GetForSendAsync(enrollment.Id, CancellationToken.None);

        Assert.Equal(enrollment.Id, read?.Id);
        Assert.Equal(new Contact(contact, "ada@example.com", null, "Ada", null, "Europe/London"), contactRow?.ToContact());
        Assert.StartsWith(ContactCap.RowPrefix, Assert.Single(sentRows).RowKey, StringComparison.Ordinal);
        Assert.Equal(Now - TimeSpan.FromHours(1) + Window, Cap(1).WaitUntil(sentRows, "mine", Now));
        Assert.Equal(2, (await store.ListAsync(contact, CancellationToken.None)).Count);
    }

    private static ContactCap Cap(int maxMessages) => new(Options.Create(new FollowUpOptions { Caps = { MaxMessages = maxMessages, Window = Window } }));
}
