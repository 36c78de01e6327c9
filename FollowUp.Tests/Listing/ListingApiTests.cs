using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Listing;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Listing;

/// <summary>The listing routes end to end through FollowUp.Local, with an API key set.</summary>
public sealed class ListingApiTests(InboundEmailAppFixture local) : IClassFixture<InboundEmailAppFixture>
{
    private async Task<string> PutSequenceAsync(string id, string after, string name = "Listed")
    {
        (await local.Http.PutAsJsonAsync($"/api/sequences/{id}", SequenceJson.Sequence(name, true, SequenceJson.Email("a", after)))).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<string> EnrollAsync(string sequenceId, string? email = null, string? phone = null)
    {
        var response = await local.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = email ?? TestData.Email(), phone, firstName = "Ann" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await LocalAppFixture.ReadAsync<EnrollmentCreated>(response)).EnrollmentId;
    }

    private async Task<List<EnrollmentList>> PagesAsync(string sequenceId, string query, int limit)
    {
        var pages = new List<EnrollmentList>();
        string? continuation = null;
        do
        {
            var url = $"/api/sequences/{sequenceId}/enrollments?limit={limit}{query}" + (continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}");
            var page = await LocalAppFixture.ReadAsync<EnrollmentList>(await local.Http.GetAsync(url));
            Assert.True(page.Enrollments.Count <= limit);
            pages.Add(page);
            continuation = page.Continuation;
            Assert.True(pages.Count < 50, "The pages never end.");
        }
        while (continuation is not null);
        return pages;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task ListEnrollments_MoreThanOnePage_ListsEachOnceNewestFirst()
    {
        var sequenceId = await PutSequenceAsync(TestData.Id("list"), "P1D");
        var enrolled = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            enrolled.Add(await EnrollAsync(sequenceId));
        }

        foreach (var query in new[] { "", "&status=active" })
        {
            var pages = await PagesAsync(sequenceId, query, 3);
            var listed = pages.SelectMany(p => p.Enrollments).ToList();

            Assert.Equal([3, 3, 1], pages.Select(p => p.Enrollments.Count));
            Assert.Equal(enrolled.Order(StringComparer.Ordinal), listed.Select(e => e.EnrollmentId).Order(StringComparer.Ordinal));
            Assert.Equal(listed.OrderByDescending(e => e.EnrolledUtc).Select(e => e.EnrolledUtc), listed.Select(e => e.EnrolledUtc));
            Assert.All(listed, e => Assert.Equal(("a", EnrollmentStatus.Active, 1), (e.NextStep, e.Status, e.SequenceVersion)));
        }
    }

    [Fact]
    public async Task ListEnrollments_ByStatus_ListsOnlyThatStatus()
    {
        var sequenceId = await PutSequenceAsync(TestData.Id("status"), "PT0S");
        var completed = await EnrollAsync(sequenceId);
        await LocalAppFixture.EventuallyAsync(
            async () => (await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{completed}"))).Status == EnrollmentStatus.Completed,
            TimeSpan.FromSeconds(90),
            "the first enrollment completes");
        await PutSequenceAsync(sequenceId, "P1D", "Later");
        var older = await EnrollAsync(sequenceId);
        var halted = await EnrollAsync(sequenceId);
        var newer = await EnrollAsync(sequenceId);
        (await local.Http.PostAsJsonAsync("/api/replies", new { enrollmentId = halted })).EnsureSuccessStatusCode();

        async Task<List<string>> ListAsync(string query) =>
            [.. (await PagesAsync(sequenceId, query, 2)).SelectMany(p => p.Enrollments).Select(e => e.EnrollmentId)];

        Assert.Equal([newer, older], await ListAsync("&status=active"));
        Assert.Equal([completed], await ListAsync("&status=completed"));
        Assert.Equal([halted], await ListAsync("&status=HALTED"));
        Assert.Equal([newer, older, completed, halted], await ListAsync(""));
        var problem = await ProblemAsync(await local.Http.GetAsync($"/api/sequences/{sequenceId}/enrollments?status=paused"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
        await ProblemAsync(await local.Http.GetAsync($"/api/sequences/{TestData.Id("none")}/enrollments"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_TamperedOrForeignContinuation_Is400NamingContinuation()
    {
        var sequenceId = await PutSequenceAsync(TestData.Id("token"), "P1D");
        await EnrollAsync(sequenceId);
        await EnrollAsync(sequenceId);
        var token = (await LocalAppFixture.ReadAsync<EnrollmentList>(await local.Http.GetAsync($"/api/sequences/{sequenceId}/enrollments?limit=1"))).Continuation!;
        var tampered = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];
        var sequencesToken = (await LocalAppFixture.ReadAsync<SequenceList>(await local.Http.GetAsync("/api/sequences?limit=1"))).Continuation!;

        string[] urls =
        [
            $"/api/sequences/{sequenceId}/enrollments?limit=1&continuation={Uri.EscapeDataString(tampered)}",
            $"/api/sequences/{sequenceId}/enrollments?limit=1&status=active&continuation={Uri.EscapeDataString(token)}",
            $"/api/sequences/{sequenceId}/enrollments?continuation={Uri.EscapeDataString(sequencesToken)}",
            $"/api/sequences?continuation={Uri.EscapeDataString(token)}",
            "/api/sequences?continuation=bm90LWEtdG9rZW4",
        ];
        foreach (var url in urls)
        {
            var problem = await ProblemAsync(await local.Http.GetAsync(url), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("continuation", out _), url);
        }

        Assert.Equal(HttpStatusCode.OK, (await local.Http.GetAsync($"/api/sequences/{sequenceId}/enrollments?limit=1&continuation={Uri.EscapeDataString(token)}")).StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("")]
    public async Task List_LimitOutOfRange_Is400NamingLimit(string limit)
    {
        foreach (var route in new[] { "/api/sequences", $"/api/sequences/{TestData.Id("limit")}/enrollments" })
        {
            var problem = await ProblemAsync(await local.Http.GetAsync($"{route}?limit={limit}"), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
        }
    }

    [Fact]
    public async Task ListSequences_MoreThanOnePage_ListsEachOnceWithItsLatestVersion()
    {
        var prefix = TestData.Id("catalog");
        var ids = new[] { $"{prefix}-a", $"{prefix}-b", $"{prefix}-c" };
        foreach (var id in ids)
        {
            await PutSequenceAsync(id, "P1D", "First");
        }

        await local.Http.PutAsJsonAsync($"/api/sequences/{ids[1]}", SequenceJson.Sequence("Second", true, SequenceJson.Email("a", "P1D"), SequenceJson.Email("b", "P2D")));

        var listed = new List<SequenceSummary>();
        var pages = 0;
        string? continuation = null;
        do
        {
            var page = await LocalAppFixture.ReadAsync<SequenceList>(await local.Http.GetAsync("/api/sequences?limit=2" + (continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}")));
            Assert.True(page.Sequences.Count <= 2);
            listed.AddRange(page.Sequences);
            continuation = page.Continuation;
            pages++;
            Assert.True(pages < 100, "The pages never end.");
        }
        while (continuation is not null);

        Assert.True(pages >= 2);
        Assert.Equal(listed.Select(s => s.Id).Distinct().Order(StringComparer.Ordinal), listed.Select(s => s.Id));
        var mine = listed.Where(s => s.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [(ids[0], "First", 1, 1), (ids[1], "Second", 2, 2), (ids[2], "First", 1, 1)],
            mine.Select(s => (s.Id, s.Name, s.Version, s.Steps)));
        Assert.All(mine, s => Assert.InRange(s.UpdatedUtc, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task FindContact_ByEmailOrPhone_AnswersTheContactAndItsEnrollments()
    {
        var sequenceId = await PutSequenceAsync(TestData.Id("find"), "P1D");
        var email = TestData.Email();
        var phone = TestData.Phone();
        var enrollment = await EnrollAsync(sequenceId, email, phone);

        var spaced = $"{phone[..3]} {phone[3..7]} {phone[7..]}";
        foreach (var query in new[] { $"email={Uri.EscapeDataString(email.ToUpperInvariant())}", $"phone={Uri.EscapeDataString(phone)}", $"phone={phone}", $"phone={Uri.EscapeDataString(spaced)}" })
        {
            var contact = await LocalAppFixture.ReadAsync<ContactView>(await local.Http.GetAsync($"/api/contacts?{query}"));
            Assert.Equal([enrollment], contact.Enrollments.Select(e => e.EnrollmentId));
            Assert.Equal((email, phone), (contact.Email, contact.Phone));
        }

        await ProblemAsync(await local.Http.GetAsync($"/api/contacts?email={TestData.Email()}"), HttpStatusCode.NotFound);
        await ProblemAsync(await local.Http.GetAsync($"/api/contacts?phone={Uri.EscapeDataString(TestData.Phone())}"), HttpStatusCode.NotFound);
        Assert.True((await ProblemAsync(await local.Http.GetAsync("/api/contacts"), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("email", out _));
        Assert.True((await ProblemAsync(await local.Http.GetAsync("/api/contacts?email=not-an-address"), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("email", out _));
        Assert.True((await ProblemAsync(await local.Http.GetAsync("/api/contacts?phone=12345"), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("phone", out _));
        Assert.True((await ProblemAsync(await local.Http.GetAsync($"/api/contacts?email={email}&phone=x"), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("phone", out _));
    }

    [Fact]
    public async Task ListEnrollments_ContactErased_IsNoLongerListed()
    {
        var sequenceId = await PutSequenceAsync(TestData.Id("erased"), "P1D");
        var email = TestData.Email();
        await EnrollAsync(sequenceId, email);
        var kept = await EnrollAsync(sequenceId);

        var erased = await LocalAppFixture.ReadAsync<ErasureView>(await local.Http.DeleteAsync($"/api/contacts/{email}"));

        Assert.Equal(1, erased.Removed[StorageNames.EnrollmentsByStatusTable]);
        var listed = (await PagesAsync(sequenceId, "", 10)).SelectMany(p => p.Enrollments).Select(e => e.EnrollmentId);
        Assert.Equal([kept], listed);
    }

    [Fact]
    public async Task ListEnrollments_RowsLeftByCrashes_AreSkippedAndTheStaleOneRemoved()
    {
        var sequenceId = await PutSequenceAsync(TestData.Id("crash"), "P1D");
        var halted = await EnrollAsync(sequenceId);
        (await local.Http.PostAsJsonAsync("/api/replies", new { enrollmentId = halted })).EnsureSuccessStatusCode();
        var enrolledUtc = (await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{halted}"))).EnrolledUtc;
        var table = local.Storage.Table(StorageNames.EnrollmentsByStatusTable);
        var staleActive = EnrollmentsByStatus.Keys(sequenceId, halted, enrolledUtc).First();
        await table.AddEntityAsync(staleActive);
        await table.AddEntityAsync(EnrollmentsByStatus.Keys(sequenceId, EnrollmentId.Create("c0ffee0000"), DateTimeOffset.UtcNow).First());

        var active = (await PagesAsync(sequenceId, "&status=active", 10)).SelectMany(p => p.Enrollments);
        var listedHalted = (await PagesAsync(sequenceId, "&status=halted", 10)).SelectMany(p => p.Enrollments).Select(e => e.EnrollmentId);

        Assert.Empty(active);
        Assert.Equal([halted], listedHalted);
        Assert.False((await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(staleActive.PartitionKey, staleActive.RowKey)).HasValue);
    }

    [Theory]
    [InlineData("/api/sequences")]
    [InlineData("/api/sequences/any/enrollments?status=active")]
    [InlineData("/api/contacts?email=ann@example.com")]
    public async Task List_WithoutKey_Is401(string url)
    {
        var response = await local.Keyless.GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
