using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Sources.Confirmations;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Contacts;

public sealed class ContactErasureTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private async Task<string> SequenceAsync(params object[] steps)
    {
        var id = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("S", true, steps))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<EnrollmentCreated> EnrollAsync(string sequenceId, string email, string phone, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrollments")
        {
            Content = JsonContent.Create(new { sequenceId, contact = new { email, phone, firstName = "Ann" } }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.SendAsync(request));
    }

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    private static string ContactIdOf(EnrollmentCreated created) => created.EnrollmentId[..created.EnrollmentId.IndexOf('-', StringComparison.Ordinal)];

    private static PendingConfirmation Confirmation(string email) =>
        new(TestData.Id("confirm"), "form", new ContactRequest(email, null, "Ann", null, null), JsonDocument.Parse("{}").RootElement, DateTimeOffset.UtcNow.AddDays(1), null);

    /// <summary>Fails when a row of any table holds one of the <paramref name="forbidden"/> values, but for the key of the OptOuts row <paramref name="keptOptOut"/>.</summary>
    private async Task AssertNoRowNamesAsync(string[] forbidden, string? keptOptOut = null)
    {
        foreach (var table in StorageNames.AllTables)
        {
            await foreach (var row in local.Storage.Table(table).QueryAsync<TableEntity>())
            {
                var kept = table == StorageNames.OptOutsTable && row.PartitionKey == keptOptOut;
                var text = string.Join(' ', row.Where(p => !(kept && p.Key == "PartitionKey")).Select(p => p.Value?.ToString()));
                Assert.False(forbidden.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase)), $"{table} row {row.PartitionKey}/{row.RowKey} names the erased contact");
            }
        }
    }

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    [Fact]
    public async Task Delete_ContactThatWasSentToAndReplied_LeavesNoRowThatNamesThem()
    {
        var email = TestData.Email();
        var phone = TestData.Phone();
        var sent = await EnrollAsync(await SequenceAsync(SequenceJson.Email("first", "PT0S"), SequenceJson.Sms("second", "PT1S"), SequenceJson.Email("third", "P1D")), email, phone);
        var pending = await EnrollAsync(await SequenceAsync(SequenceJson.Email("later", "P2D")), email, phone, TestData.Id("key"));
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(sent.EnrollmentId)).Steps.Count(s => s.Status == StepStatus.Sent) == 2, TimeSpan.FromSeconds(20), "two steps are sent");
        (await local.Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = email, text = "Thanks" })).EnsureSuccessStatusCode();
        await local.Services.GetRequiredService<OptOutStore>().AddAsync(AddressKey.Phone(phone), "sms:STOP", DateTimeOffset.UtcNow, CancellationToken.None);
        await local.Services.GetRequiredService<ConfirmationStore>().AddAsync(
            new PendingConfirmation(TestData.Id("confirm"), "form", new ContactRequest(email.ToUpperInvariant(), null, "Ann", null, null), JsonDocument.Parse("{}").RootElement, DateTimeOffset.UtcNow.AddDays(1), null),
            CancellationToken.None);
        await local.Services.GetRequiredService<FormRateCap>().TryTakeRecipientAsync(AddressKey.Email(email), CancellationToken.None);
        var contactId = sent.EnrollmentId[..sent.EnrollmentId.IndexOf('-', StringComparison.Ordinal)];
        Assert.NotEmpty(local.Outbox.Files($"{sent.EnrollmentId}_*"));

        var response = await local.Http.DeleteAsync($"/api/contacts/{Uri.EscapeDataString(phone)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(email, answer, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(phone, answer, StringComparison.Ordinal);
        var removed = JsonDocument.Parse(answer).RootElement.GetProperty("removed");
        Assert.Equal(1, removed.GetProperty(StorageNames.ContactsTable).GetInt32());
        Assert.Equal(2, removed.GetProperty(StorageNames.ContactIndexTable).GetInt32());
        Assert.Equal(2, removed.GetProperty(ContactEraser.OutboxFiles).GetInt32());
        Assert.Equal(1, removed.GetProperty(StorageNames.FormConfirmationsTable).GetInt32());
        string[] forbidden = [contactId, sent.EnrollmentId, pending.EnrollmentId, email, phone, Sha256(email), Sha256(phone)];
        // The suppression entry stays, keyed by the hash of the number that opted out, and names no one otherwise.
        await AssertNoRowNamesAsync(forbidden, AddressKey.Phone(phone));

        foreach (var file in local.Outbox.Files())
        {
            var text = Path.GetFileName(file) + await File.ReadAllTextAsync(file);
            Assert.False(forbidden.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase)), $"outbox file {Path.GetFileName(file)} names the erased contact");
        }

        Assert.NotNull(await local.Services.GetRequiredService<OptOutStore>().FindAsync(AddressKey.Phone(phone), CancellationToken.None));
    }

    [Fact]
    public async Task Delete_Twice_SecondIsNotFound()
    {
        var email = TestData.Email();
        await EnrollAsync(await SequenceAsync(SequenceJson.Email("later", "P1D")), email, TestData.Phone());

        var first = await local.Http.DeleteAsync($"/api/contacts/{email}");
        var second = await local.Http.DeleteAsync($"/api/contacts/{email}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        var get = await local.Http.GetAsync($"/api/contacts/{email}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.DoesNotContain(email, await get.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(email, await second.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Dispatch_StepOfAnErasedContact_IsDroppedAndWritesNothing()
    {
        var email = TestData.Email();
        var created = await EnrollAsync(await SequenceAsync(SequenceJson.Email("later", "P1D")), email, TestData.Phone());
        (await local.Http.DeleteAsync($"/api/contacts/{email}")).EnsureSuccessStatusCode();

        await local.Services.GetRequiredService<StepDispatcher>().DispatchAsync(new StepMessage(created.EnrollmentId, "later", 1).ToJson(), 1, CancellationToken.None);

        Assert.Empty(await local.Storage.Table(StorageNames.SendsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {created.EnrollmentId}")).ToListAsync());
        Assert.Empty(await local.Services.GetRequiredService<TimelineStore>().ListAsync(created.EnrollmentId, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_InvalidAddress_IsAProblemNamingAddress()
    {
        var response = await local.Http.DeleteAsync("/api/contacts/not-an-address");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("address", out _));
    }

    [Fact]
    public async Task Erase_ContactAmongOthersWithKeyedRows_RemovesItsRowsWithoutQueryingWholeTables()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D"));
        var (email, otherEmail, erasedKey, keptKey) = (TestData.Email(), TestData.Email(), TestData.Id("key"), TestData.Id("key"));
        var erased = await EnrollAsync(sequenceId, email, TestData.Phone(), erasedKey);
        var kept = await EnrollAsync(sequenceId, otherEmail, TestData.Phone(), keptKey);
        var keyed = local.Services.GetRequiredService<KeyedEnrollments>();
        var source = TestData.Id("src");
        await keyed.RecordAsync(source, sequenceId, "cart-erased", erased.EnrollmentId, CancellationToken.None);
        await keyed.RecordAsync(source, sequenceId, "cart-kept", kept.EnrollmentId, CancellationToken.None);
        var confirmations = local.Services.GetRequiredService<ConfirmationStore>();
        var (erasedConfirmation, keptConfirmation) = (Confirmation(email.ToUpperInvariant()), Confirmation(otherEmail));
        await confirmations.AddAsync(erasedConfirmation, CancellationToken.None);
        await confirmations.AddAsync(keptConfirmation, CancellationToken.None);
        var references = local.Services.GetRequiredService<ContactReferences>();

        IReadOnlyDictionary<string, int> removed;
        IReadOnlyList<(string Method, string Path)> requests;
        using (var log = StorageRequestLog.Start())
        {
            removed = await local.Services.GetRequiredService<ContactEraser>().EraseAsync(ContactIdOf(erased), [AddressKey.Email(email)], CancellationToken.None);
            requests = log.Requests;
        }

        Assert.Equal(1, removed[StorageNames.IdempotencyTable]);
        Assert.Equal(1, removed[StorageNames.SourceEnrollmentsTable]);
        Assert.Equal(1, removed[StorageNames.FormConfirmationsTable]);
        Assert.Contains(requests, r => r.Path.EndsWith($"/{local.Storage.Prefix}{StorageNames.ContactReferencesTable}()", StringComparison.Ordinal));
        string[] indexed = [StorageNames.IdempotencyTable, StorageNames.SourceEnrollmentsTable, StorageNames.FormConfirmationsTable];
        Assert.DoesNotContain(requests, r => r.Method == "GET" && indexed.Any(table => r.Path.EndsWith($"/{local.Storage.Prefix}{table}()", StringComparison.Ordinal)));
        var idempotency = local.Services.GetRequiredService<IdempotencyStore>();
        Assert.Null(await idempotency.FindAsync("enrollments", erasedKey, CancellationToken.None));
        Assert.NotNull(await idempotency.FindAsync("enrollments", keptKey, CancellationToken.None));
        Assert.Null(await keyed.FindAsync(source, sequenceId, "cart-erased", CancellationToken.None));
        Assert.Equal(kept.EnrollmentId, await keyed.FindAsync(source, sequenceId, "cart-kept", CancellationToken.None));
        Assert.Null(await confirmations.GetAsync(erasedConfirmation.Id, CancellationToken.None));
        Assert.NotNull(await confirmations.GetAsync(keptConfirmation.Id, CancellationToken.None));
        Assert.Empty(await references.ListAsync(ContactIdOf(erased), CancellationToken.None));
        Assert.Empty(await references.ListAsync(AddressKey.Email(email), CancellationToken.None));
        Assert.Equal(2, (await references.ListAsync(ContactIdOf(kept), CancellationToken.None)).Count);
        Assert.Single(await references.ListAsync(AddressKey.Email(otherEmail), CancellationToken.None));
    }

    [Fact]
    public async Task PostEnrollment_ContactBeingErased_Is409NamingContactWithRetryAfterAndStoresNothing()
    {
        var (email, phone) = (TestData.Email(), TestData.Phone());
        var first = await EnrollAsync(await SequenceAsync(SequenceJson.Email("later", "P1D")), email, phone);
        var contactId = ContactIdOf(first);
        // The state an erasure is in from its first write to its last: the contact's row is a marker, its index rows remain.
        await local.Services.GetRequiredService<ContactStore>().MarkErasedAsync(contactId, [], CancellationToken.None);
        var enrollmentsBefore = await local.Storage.Table(StorageNames.EnrollmentsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {contactId}")).CountAsync();
        var sequenceId = await SequenceAsync(SequenceJson.Email("hello", "PT0S"));
        var key = TestData.Id("key");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrollments") { Content = JsonContent.Create(new { sequenceId, contact = new { email, firstName = "Ann" } }) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await local.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After gives a delay");
        var answer = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(email, answer, StringComparison.OrdinalIgnoreCase);
        Assert.True(JsonDocument.Parse(answer).RootElement.GetProperty("errors").TryGetProperty("contact", out _));
        Assert.Null(await local.Services.GetRequiredService<IdempotencyStore>().FindAsync("enrollments", key, CancellationToken.None));
        Assert.Equal(enrollmentsBefore, await local.Storage.Table(StorageNames.EnrollmentsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {contactId}")).CountAsync());
        Assert.Empty(await local.Storage.Table(StorageNames.EnrollmentsByStatusTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sequenceId}")).ToListAsync());
        Assert.Empty(await local.Storage.Table(StorageNames.EnrollmentsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Email eq {email}")).ToListAsync());

        await local.Services.GetRequiredService<ContactEraser>().EraseAsync(contactId, [], CancellationToken.None);
        Assert.Equal(sequenceId, (await EnrollAsync(sequenceId, email, phone, key)).SequenceId);
    }

    [Fact]
    public async Task Enroll_ContactErasedAfterItWasRead_IsBeingErasedAndLeavesNoRowThatNamesThem()
    {
        var (email, phone) = (TestData.Email(), TestData.Phone());
        var contactId = ContactIdOf(await EnrollAsync(await SequenceAsync(SequenceJson.Email("later", "P1D")), email, phone));
        var sequenceId = await SequenceAsync(SequenceJson.Email("hello", "PT0S"));
        var eraser = local.Services.GetRequiredService<ContactEraser>();
        string? enrollmentId = null;

        // The erasure runs to its end between the request reading the contact and storing anything.
        var result = await local.Services.GetRequiredService<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequenceId, new ContactRequest(email, phone, "Bea", null, null), JsonDocument.Parse("{}").RootElement),
            async (id, ct) =>
            {
                await eraser.EraseAsync(id, [], ct);
                return enrollmentId = EnrollmentId.Create(id);
            },
            CancellationToken.None);

        Assert.IsType<EnrollmentResult.ContactBeingErased>(result);
        Assert.NotNull(enrollmentId);
        await AssertNoRowNamesAsync([contactId, enrollmentId, email, phone, Sha256(email), Sha256(phone)]);
    }
}
