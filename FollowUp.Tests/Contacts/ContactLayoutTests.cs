using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Contacts;

/// <summary>A contact's row lives beside its enrollments; one stored in the Contacts table before that keeps working there: found, sent to, updated and erased.</summary>
public sealed class ContactLayoutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    private TableClient Enrollments => harness.Storage.Table(StorageNames.EnrollmentsTable);

    private TableClient Legacy => harness.Storage.Table(StorageNames.ContactsTable);

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, CountingEmailChannel.Register);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Enroll_NewContact_StoresItsRowInItsEnrollmentsPartitionOnly()
    {
        var email = TestData.Email();

        var enrollment = await EnrollAsync(email, "Ann");

        var row = (await Enrollments.GetEntityAsync<TableEntity>(enrollment.ContactId, ContactRow.Key)).Value;
        Assert.Equal((email, "Ann"), (row.GetString("Email"), row.GetString("FirstName")));
        Assert.False((await Legacy.GetEntityIfExistsAsync<TableEntity>(enrollment.ContactId, "")).HasValue);
        Assert.Single(await harness.Get<EnrollmentStore>().ListAsync(enrollment.ContactId, CancellationToken.None));
    }

    [Fact]
    public async Task Dispatch_ContactStoredInTheContactsTableBefore_SendsToItAndAddsNoRowBesideItsEnrollments()
    {
        var email = TestData.Email();
        var contactId = await StoreLegacyContactAsync(email, "Olga");

        var enrollment = await EnrollAsync(email, firstName: null);
        await harness.Get<StepDispatcher>().DispatchAsync(new StepMessage(enrollment.Id, "hello", enrollment.SequenceVersion).ToJson(), 1, CancellationToken.None);

        Assert.Equal(contactId, enrollment.ContactId);
        Assert.Equal(1, harness.Get<CountingEmailChannel>().Sends);
        var sent = await File.ReadAllTextAsync(Assert.Single(harness.Outbox.Files("*.eml")));
        Assert.Contains("Hello Olga", sent, StringComparison.Ordinal);
        Assert.Equal(StepStatus.Sent, (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!.Steps[0].Status);
        Assert.False((await Enrollments.GetEntityIfExistsAsync<TableEntity>(contactId, ContactRow.Key)).HasValue);
    }

    [Fact]
    public async Task Enroll_ContactStoredInTheContactsTableBefore_UpdatesItsRowThere()
    {
        var email = TestData.Email();
        var contactId = await StoreLegacyContactAsync(email, "Olga");

        await EnrollAsync(email, "Olenka");

        Assert.Equal("Olenka", (await harness.Get<ContactStore>().GetAsync(contactId, CancellationToken.None))?.FirstName);
        Assert.Equal("Olenka", (await Legacy.GetEntityAsync<TableEntity>(contactId, "")).Value.GetString("FirstName"));
        Assert.False((await Enrollments.GetEntityIfExistsAsync<TableEntity>(contactId, ContactRow.Key)).HasValue);
    }

    [Fact]
    public async Task Erase_ContactStoredInTheContactsTableBefore_RemovesItsRowItsIndexAndTheMarker()
    {
        var email = TestData.Email();
        var contactId = await StoreLegacyContactAsync(email, "Olga");
        await EnrollAsync(email, firstName: null);

        var removed = await harness.Get<ContactEraser>().EraseAsync(contactId, [], CancellationToken.None);

        Assert.Equal(1, removed[StorageNames.ContactsTable]);
        Assert.Equal(1, removed[StorageNames.ContactIndexTable]);
        Assert.False((await Legacy.GetEntityIfExistsAsync<TableEntity>(contactId, "")).HasValue);
        Assert.Empty(await Enrollments.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {contactId}")).ToListAsync());
        Assert.Null(await harness.Get<ContactStore>().FindIdAsync(email, null, CancellationToken.None));
    }

    [Fact]
    public async Task MarkErased_ContactStoredInTheContactsTableBefore_HidesItEverywhereAndKeepsItsAddressKeys()
    {
        var email = TestData.Email();
        var contactId = await StoreLegacyContactAsync(email, "Olga");
        var store = harness.Get<ContactStore>();

        var keys = await store.MarkErasedAsync(contactId, [], CancellationToken.None);

        Assert.Equal([AddressKey.Email(email)], keys);
        Assert.Null(await store.GetAsync(contactId, CancellationToken.None));
        var marker = ContactRow.From((await Enrollments.GetEntityAsync<TableEntity>(contactId, ContactRow.Key)).Value);
        Assert.True(marker.Erased);
        Assert.Null(await store.ResolveAsync(contactId, marker, CancellationToken.None));
        Assert.Equal(keys, await store.MarkErasedAsync(contactId, [], CancellationToken.None));
    }

    /// <summary>Stores a contact with its index row as FollowUp stored them before contacts moved beside their enrollments; returns its id.</summary>
    private async Task<string> StoreLegacyContactAsync(string email, string firstName)
    {
        var id = RandomIds.Create(12);
        await Legacy.AddEntityAsync(new TableEntity(id, "") { ["Email"] = email, ["Phone"] = null, ["FirstName"] = firstName, ["LastName"] = null, ["TimeZone"] = null });
        await harness.Storage.Table(StorageNames.ContactIndexTable).AddEntityAsync(new TableEntity(AddressKey.Email(email), "") { ["ContactId"] = id });
        return id;
    }

    private async Task<Enrollment> EnrollAsync(string email, string? firstName)
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", [new SequenceStep("hello", TimeSpan.Zero, StepChannel.Email, "Hello {{ contact.firstName }}", "Hi", null)], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(email, null, firstName, null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        return (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
    }
}
