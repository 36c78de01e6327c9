using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

/// <summary>FollowUp.Local with an email channel that fails until it is mended: the step is dead-lettered, shown failed, listed, and replayed once.</summary>
public sealed class DeadLetterApiTests
{
    [Fact]
    public async Task PoisonedStep_ShowsAsFailedAndIsListed_ThenReplaysOnce()
    {
        string mail = "";
        await using var app = await ConfiguredLocalApp.StartAsync(settings => settings["FollowUp:Outbox:Path"] = mail = Path.Combine(settings["FollowUp:Outbox:Path"]!, "mail"));
        // A file where the outbox folder should be: every send fails with an IOException, as a broken channel would.
        await File.WriteAllTextAsync(mail, "not a folder");
        var sequenceId = TestData.Id("dead-api");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Dead letters", true, SequenceJson.Email("first", "PT0S"), SequenceJson.Email("second", "P30D")))).EnsureSuccessStatusCode();
        var created = await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" } });
        var enrollmentId = (await LocalAppFixture.ReadAsync<EnrollmentCreated>(created)).EnrollmentId;

        await LocalAppFixture.EventuallyAsync(async () => (await ViewAsync(app, enrollmentId)).Steps[0].Status == StepStatus.Failed, TimeSpan.FromSeconds(60), "the step is dead-lettered");

        var failed = Assert.Single((await ViewAsync(app, enrollmentId)).Timeline, entry => entry.Kind == TimelineEventKind.Failed);
        Assert.Equal("first", failed.StepId);
        Assert.Contains("5 deliveries", failed.Detail, StringComparison.Ordinal);
        using (var list = JsonDocument.Parse(await app.Http.GetStringAsync("/api/failures?limit=10")))
        {
            var entry = Assert.Single(list.RootElement.GetProperty("failures").EnumerateArray());
            Assert.Equal(enrollmentId, entry.GetProperty("enrollmentId").GetString());
            Assert.Equal(5, entry.GetProperty("dequeueCount").GetInt64());
            Assert.Equal("deadLettered", entry.GetProperty("kind").GetString());
        }

        File.Delete(mail);
        var replay = await app.Http.PostAsync($"/api/failures/{enrollmentId}/first/replay", null);
        var again = await app.Http.PostAsync($"/api/failures/{enrollmentId}/first/replay", null);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await LocalAppFixture.EventuallyAsync(async () => (await ViewAsync(app, enrollmentId)).Steps[0].Status == StepStatus.Sent, TimeSpan.FromSeconds(30), "the replayed step is sent");
        Assert.Single(Directory.GetFiles(mail, $"{enrollmentId}_first.eml"));
        using var empty = JsonDocument.Parse(await app.Http.GetStringAsync("/api/failures"));
        Assert.Empty(empty.RootElement.GetProperty("failures").EnumerateArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("ten")]
    public async Task ListFailures_BadLimit_Is400NamingLimit(string limit)
    {
        await using var app = await ConfiguredLocalApp.StartAsync(_ => { });

        var response = await app.Http.GetAsync($"/api/failures?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayFailure_MalformedIds_Are400NamingEachAndUnlistedStepIs404()
    {
        await using var app = await ConfiguredLocalApp.StartAsync(_ => { });

        var badEnrollment = await app.Http.PostAsync("/api/failures/not-an-enrollment/first/replay", null);
        var badStep = await app.Http.PostAsync("/api/failures/c0ffeec0ffee-0000000000/First!/replay", null);
        var unlisted = await app.Http.PostAsync("/api/failures/c0ffeec0ffee-0000000000/first/replay", null);

        Assert.Equal(HttpStatusCode.BadRequest, badEnrollment.StatusCode);
        Assert.Contains("enrollmentId", await badEnrollment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badStep.StatusCode);
        Assert.Contains("stepId", await badStep.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unlisted.StatusCode);
    }

    private static async Task<EnrollmentView> ViewAsync(ConfiguredLocalApp app, string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{enrollmentId}"));
}
