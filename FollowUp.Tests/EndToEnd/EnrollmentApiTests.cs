using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.EndToEnd;

public sealed class EnrollmentApiTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private async Task<string> SequenceAsync(params object[] steps)
    {
        var id = TestData.Id("seq");
        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence("Test", true, steps));
        response.EnsureSuccessStatusCode();
        return id;
    }

    private static object Enrollment(string sequenceId, string? email = null, string? phone = null, object? data = null) =>
        new { sequenceId, contact = new { email = email ?? TestData.Email(), phone, firstName = "Ann", timeZone = "Europe/Paris" }, data };

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Enroll_TwoStepSequence_SendsEachStepOnceDueToTheOutbox()
    {
        var sequenceId = await SequenceAsync(
            SequenceJson.Email("thanks", "PT1S", subject: "Thanks {{ contact.firstName }}", html: "<p>{{ data.note }}</p>"),
            SequenceJson.Sms("nudge", "PT2S", text: "Still keen on the {{ data.product }}?"));

        var response = await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, phone: TestData.Phone(), data: new { product = "kettle", note = "<b>hi</b>" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(response);
        Assert.Equal(EnrollmentStatus.Active, created.Status);
        Assert.Equal("thanks", created.NextStep);
        // The timeline entries are written just after the outcome is recorded, so wait for the last of them too.
        await LocalAppFixture.EventuallyAsync(
            async () => await GetAsync(created.EnrollmentId) is { Status: EnrollmentStatus.Completed } done && done.Timeline.Any(e => e.Kind == TimelineEventKind.Completed),
            TimeSpan.FromSeconds(20), "both steps are sent");

        var view = await GetAsync(created.EnrollmentId);
        Assert.All(view.Steps, step => Assert.Equal(StepStatus.Sent, step.Status));
        Assert.Equal(
            [TimelineEventKind.Enrolled, TimelineEventKind.Sent, TimelineEventKind.Sent, TimelineEventKind.Completed],
            view.Timeline.Select(e => e.Kind));
        Assert.True(view.Timeline.Zip(view.Timeline.Skip(1)).All(pair => pair.First.AtUtc <= pair.Second.AtUtc), "the timeline is in time order");
        Assert.All(view.Steps, step => Assert.True(step.SentUtc >= step.DueUtc, $"{step.Id} was sent before it was due"));
        var eml = await File.ReadAllTextAsync(Assert.Single(local.Outbox.Files($"{created.EnrollmentId}_thanks.eml")));
        Assert.Contains("Subject: Thanks Ann", eml, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;hi&lt;/b&gt;", eml, StringComparison.Ordinal);
        var sms = JsonDocument.Parse(await File.ReadAllTextAsync(Assert.Single(local.Outbox.Files($"{created.EnrollmentId}_nudge.json")))).RootElement;
        Assert.Equal("Still keen on the kettle?", sms.GetProperty("text").GetString());
        Assert.Equal("nudge", sms.GetProperty("stepId").GetString());
        Assert.StartsWith("+44", sms.GetProperty("to").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_AfterFirstStep_HaltsAndLaterStepIsNeverSent()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "PT4S"));
        var email = TestData.Email();
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, email)));
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(created.EnrollmentId)).Steps[0].Status == StepStatus.Sent, TimeSpan.FromSeconds(10), "the first step is sent");

        var reply = await local.Http.PostAsJsonAsync("/api/replies", new { channel = "email", from = email.ToUpperInvariant(), text = "Yes please, call me" });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        using var halted = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        Assert.Equal([created.EnrollmentId], halted.RootElement.GetProperty("halted").EnumerateArray().Select(e => e.GetString()));
        await Task.Delay(TimeSpan.FromSeconds(6));
        var view = await GetAsync(created.EnrollmentId);
        Assert.Equal(EnrollmentStatus.Halted, view.Status);
        Assert.Equal("reply", view.HaltReason);
        Assert.Equal([StepStatus.Sent, StepStatus.Skipped], view.Steps.Select(s => s.Status));
        Assert.Empty(local.Outbox.Files($"{created.EnrollmentId}_second.*"));
        Assert.Equal(
            [(TimelineEventKind.Enrolled, null), (TimelineEventKind.Sent, "first"), (TimelineEventKind.Halted, null)],
            view.Timeline.Select(e => (e.Kind, e.StepId)));
        Assert.Equal("Halted: reply.", view.Timeline[^1].Detail);
    }

    [Fact]
    public async Task Reply_ByEnrollmentId_HaltsIt_AndUnknownSenderHaltsNothing()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D"));
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId)));

        var unknown = await local.Http.PostAsJsonAsync("/api/replies", new { channel = "sms", from = TestData.Phone(), text = "who is this?" });
        var byId = await local.Http.PostAsJsonAsync("/api/replies", new { enrollmentId = created.EnrollmentId });

        Assert.Equal("""{"halted":[]}""", await unknown.Content.ReadAsStringAsync());
        Assert.Contains(created.EnrollmentId, await byId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(EnrollmentStatus.Halted, (await GetAsync(created.EnrollmentId)).Status);
    }

    [Fact]
    public async Task Reply_WithoutSender_Returns400NamingFields()
    {
        var response = await local.Http.PostAsJsonAsync("/api/replies", new { text = "hello" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await ProblemAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["channel", "from"], fields);
    }

    [Fact]
    public async Task Enroll_ContactAlreadyActive_Returns409NamingTheEnrollment()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D"));
        var email = TestData.Email();
        var first = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, email)));

        var second = await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, email.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(first.EnrollmentId, (await ProblemAsync(second)).GetProperty("enrollmentId").GetString());
    }

    [Fact]
    public async Task Enroll_Refused409_LeavesTheContactUnchanged()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D"));
        var email = TestData.Email();
        var first = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, email)));

        var refused = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email, firstName = "Zed", timeZone = "Asia/Tokyo" } });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var contactId = (await GetAsync(first.EnrollmentId)).ContactId;
        var contact = await local.Services.GetRequiredService<ContactStore>().GetAsync(contactId, CancellationToken.None);
        Assert.Equal(("Ann", "Europe/Paris"), (contact?.FirstName, contact?.TimeZone));
    }

    [Fact]
    public async Task Enroll_SameContactInAnotherSequence_UpdatesItsFields()
    {
        var email = TestData.Email();
        await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(await SequenceAsync(SequenceJson.Email("a", "P1D")), email));

        var second = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync(
            "/api/enrollments", new { sequenceId = await SequenceAsync(SequenceJson.Email("b", "P1D")), contact = new { email, firstName = "Annie" } }));

        var contactId = (await GetAsync(second.EnrollmentId)).ContactId;
        var contact = await local.Services.GetRequiredService<ContactStore>().GetAsync(contactId, CancellationToken.None);
        Assert.Equal(("Annie", "Europe/Paris"), (contact?.FirstName, contact?.TimeZone));
    }

    [Fact]
    public async Task Enroll_ConcurrentRequestsForOneContact_CreateExactlyOneEnrollment()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D"));
        var email = TestData.Email();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, email))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Enroll_AfterHalt_IsAllowedAgain()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D"));
        var email = TestData.Email();
        var first = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, email)));
        await local.Http.PostAsJsonAsync("/api/replies", new { enrollmentId = first.EnrollmentId });

        var again = await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, email));

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Enroll_WithIdempotencyKey_RepeatReturnsFirstAnswerAndEnrollsOnce()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D"));
        var body = Enrollment(sequenceId);
        var key = Guid.NewGuid().ToString();

        var answers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrollments") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await local.Http.SendAsync(request);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Item1));
        Assert.Single(answers.Select(a => a.Item2).Distinct());
    }

    [Fact]
    public async Task Enroll_IdempotencyKeyReusedForAnotherRequest_Returns422()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D"));
        var key = Guid.NewGuid().ToString();
        HttpResponseMessage? last = null;
        foreach (var body in new[] { Enrollment(sequenceId), Enrollment(sequenceId) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/enrollments") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            last = await local.Http.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.UnprocessableEntity, last!.StatusCode);
        Assert.True((await ProblemAsync(last)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Enroll_UnknownSequence_Returns404()
    {
        var response = await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment("no-such-sequence"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ProblemAsync(response);
    }

    [Theory]
    [InlineData("""{"sequenceId":"s","contact":{"email":"not-an-email"}}""", "contact.email")]
    [InlineData("""{"sequenceId":"s","contact":{"phone":"0612345678"}}""", "contact.phone")]
    [InlineData("""{"sequenceId":"s","contact":{"email":"a@example.com","timeZone":"Mars/Base"}}""", "contact.timeZone")]
    [InlineData("""{"sequenceId":"s","contact":{"firstName":"Ann"}}""", "contact")]
    [InlineData("""{"sequenceId":"s"}""", "contact")]
    [InlineData("""{"contact":{"email":"a@example.com"}}""", "sequenceId")]
    [InlineData("""{"sequenceId":"s","contact":{"email":"a@example.com"},"data":[1,2]}""", "data")]
    [InlineData("""{"sequenceId":"s","contact":{"email":"a@example.com","fax":"1"}}""", "contact.fax")]
    [InlineData("""{"sequenceId":"s","contact":{"email":42}}""", "contact.email")]
    public async Task Enroll_InvalidBody_Returns400NamingTheFieldAndStoresNothing(string body, string field)
    {
        var response = await local.Http.PostAsync("/api/enrollments", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var contacts = local.Storage.Table(StorageNames.EnrollmentsTable).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.RowKey == ContactRow.Key);
        Assert.DoesNotContain(await contacts.ToListAsync(), c => (string?)c["Email"] == "a@example.com");
    }

    [Fact]
    public async Task Enroll_BodyOver256KiB_Returns413()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D"));

        var response = await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, data: new { blob = new string('x', 300_000) }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task Enroll_LargeData_IsStoredAndReadBack()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "P1D", text: "{{ data.notes | size }}"));
        var notes = new string('n', 150_000);

        var response = await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId, data: new { notes }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(response);
        Assert.Equal(EnrollmentStatus.Active, (await GetAsync(created.EnrollmentId)).Status);
    }

    [Fact]
    public async Task Get_UnknownEnrollment_Returns404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync("/api/enrollments/abcdefghjkmn-0123456789")).StatusCode);
    }

    [Fact]
    public async Task Get_MalformedEnrollmentId_Returns400NamingTheId()
    {
        var response = await local.Http.GetAsync("/api/enrollments/nonsense");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Get_StepWithinLookAhead_IsQueuedAtEnrollment()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("soon", "PT1S"), SequenceJson.Email("later", "P3D"));
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId)));

        var view = await GetAsync(created.EnrollmentId);

        Assert.Equal([StepStatus.Queued, StepStatus.Pending], view.Steps.Select(s => s.Status));
        Assert.Equal(created.NextDueUtc, view.Steps[0].DueUtc);
    }

    [Fact]
    public async Task Enroll_StepBeyondLookAhead_WaitsPendingThenGoesOutThroughTheScan()
    {
        var sequenceId = await SequenceAsync(SequenceJson.Email("later", "PT6S"));
        var created = await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync("/api/enrollments", Enrollment(sequenceId)));

        Assert.Equal(StepStatus.Pending, (await GetAsync(created.EnrollmentId)).Steps[0].Status);
        await LocalAppFixture.EventuallyAsync(
            async () => (await GetAsync(created.EnrollmentId)).Status == EnrollmentStatus.Completed, TimeSpan.FromSeconds(20), "the scan sends the step");

        var step = (await GetAsync(created.EnrollmentId)).Steps[0];
        Assert.True(step.SentUtc >= step.DueUtc, "sent before it was due");
        Assert.True(step.SentUtc - step.DueUtc < TimeSpan.FromSeconds(3), $"sent {step.SentUtc - step.DueUtc} late");
    }
}
