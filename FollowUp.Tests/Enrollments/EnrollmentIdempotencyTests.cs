using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Http;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Enrollments;

/// <summary>An <c>Idempotency-Key</c> repeated after a crash between storing the enrollment and storing its answer.</summary>
public sealed class EnrollmentIdempotencyTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private TableClient Keys => local.Storage.Table(StorageNames.IdempotencyTable);

    private static string PartitionKeyOf(string key) => "enrollments:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrollments") { Content = JsonContent.Create(body) };
        request.Headers.Add(EnrollmentEndpoints.IdempotencyHeader, key);
        var response = await local.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<object> BodyAsync()
    {
        var sequenceId = TestData.Id("seq");
        (await local.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Keys", true, SequenceJson.Email("later", "P1D")))).EnsureSuccessStatusCode();
        return new { sequenceId, contact = new { email = TestData.Email() } };
    }

    [Fact]
    public async Task Post_RepeatAfterCrashBeforeTheAnswerWasStored_ReturnsTheFirstAnswer()
    {
        var body = await BodyAsync();
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, first.Status);

        // The state a crash leaves between the two writes: the enrollment is stored, the key's answer is not.
        var record = (await Keys.GetEntityAsync<TableEntity>(PartitionKeyOf(key), "")).Value;
        record.Remove("StatusCode");
        record.Remove("Body");
        await Keys.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace);

        var repeat = await PostAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, repeat.Status);
        Assert.Equal(first.Body, repeat.Body);
        Assert.Equal(first.Body, (await Keys.GetEntityAsync<TableEntity>(PartitionKeyOf(key), "")).Value.GetString("Body"));
    }

    [Fact]
    public async Task Post_RepeatAfterCrashBeforeTheEnrollmentWasStored_EnrollsUnderTheReservedId()
    {
        var body = await BodyAsync();
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(body, key);
        var created = JsonSerializer.Deserialize<EnrollmentCreated>(first.Body, FollowUpJson.Options)!;

        // A crash right after the reservation: the reserved id is kept, the enrollment and the answer are not.
        var record = (await Keys.GetEntityAsync<TableEntity>(PartitionKeyOf(key), "")).Value;
        record.Remove("StatusCode");
        record.Remove("Body");
        await Keys.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace);
        EnrollmentId.TryGetContactId(created.EnrollmentId, out var contactId);
        var enrollments = local.Storage.Table(StorageNames.EnrollmentsTable);
        await foreach (var row in enrollments.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {contactId} and RowKey ne {ContactRow.Key}")))
        {
            await enrollments.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var repeat = await PostAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, repeat.Status);
        var again = JsonSerializer.Deserialize<EnrollmentCreated>(repeat.Body, FollowUpJson.Options)!;
        Assert.Equal(created.EnrollmentId, again.EnrollmentId);
        Assert.Equal(HttpStatusCode.OK, (await local.Http.GetAsync($"/api/enrollments/{created.EnrollmentId}")).StatusCode);
    }

    [Fact]
    public async Task Post_RefusedAfterTheKeyWasReserved_LeavesNoRecordOfTheKey()
    {
        var body = await BodyAsync();
        Assert.Equal(HttpStatusCode.Created, (await local.Http.PostAsJsonAsync("/api/enrollments", body)).StatusCode);
        var key = Guid.NewGuid().ToString();

        var refused = await PostAsync(body, key);

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.False((await Keys.GetEntityIfExistsAsync<TableEntity>(PartitionKeyOf(key), "")).HasValue);
    }
}
