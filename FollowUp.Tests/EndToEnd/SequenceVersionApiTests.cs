using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.EndToEnd;

/// <summary>Versions, moving enrollments, re-enrolling and chaining through FollowUp.Local's HTTP routes and outbox.</summary>
public sealed class SequenceVersionApiTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private async Task<JsonElement> PutAsync(string id, object body, string query = "")
    {
        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}{query}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<string> EnrollAsync(string sequenceId) =>
        (await LocalAppFixture.ReadAsync<EnrollmentCreated>(await local.Http.PostAsJsonAsync(
            "/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" }, data = new { product = "kettle" } }))).EnrollmentId;

    private async Task<EnrollmentView> GetAsync(string enrollmentId) =>
        await LocalAppFixture.ReadAsync<EnrollmentView>(await local.Http.GetAsync($"/api/enrollments/{enrollmentId}"));

    private Task UntilAsync(string enrollmentId, Func<EnrollmentView, bool> condition, string what) =>
        LocalAppFixture.EventuallyAsync(async () => condition(await GetAsync(enrollmentId)), Patience, what);

    private static async Task<string[]> ProblemFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }

    [Fact]
    public async Task Put_WithoutMoveEnrollments_TheEnrollmentKeepsItsVersionsSteps()
    {
        var id = TestData.Id("pinned");
        await PutAsync(id, SequenceJson.Sequence("V1", true, SequenceJson.Email("a", "PT1S"), SequenceJson.Email("b", "PT2S")));
        var enrollmentId = await EnrollAsync(id);

        var saved = await PutAsync(id, SequenceJson.Sequence("V2", true, SequenceJson.Email("a", "PT1S"), SequenceJson.Email("c", "PT1S")));
        await UntilAsync(enrollmentId, v => v.Status == EnrollmentStatus.Completed, "the enrollment completes");

        Assert.Equal((2, 0), (saved.GetProperty("version").GetInt32(), saved.GetProperty("moved").GetInt32()));
        var view = await GetAsync(enrollmentId);
        Assert.Equal(1, view.SequenceVersion);
        Assert.Equal(["a", "b"], view.Steps.Select(s => s.Id));
        Assert.Single(local.Outbox.Files($"{enrollmentId}_b.eml"));
        Assert.Empty(local.Outbox.Files($"{enrollmentId}_c.*"));
    }

    [Fact]
    public async Task Put_MoveEnrollments_MovesTheActiveOnesAndARemovedStepIsNeverSent()
    {
        var id = TestData.Id("moved");
        await PutAsync(id, SequenceJson.Sequence("V1", true, SequenceJson.Email("a", "PT0S"), SequenceJson.Email("b", "PT6S")));
        string[] enrollmentIds = [await EnrollAsync(id), await EnrollAsync(id)];
        foreach (var enrollmentId in enrollmentIds)
        {
            await UntilAsync(enrollmentId, v => v.Steps[0].Status == StepStatus.Sent, "the first step is sent");
        }

        var saved = await PutAsync(id, SequenceJson.Sequence("V2", true, SequenceJson.Email("a", "PT0S"), SequenceJson.Email("c", "PT3S")), "?moveEnrollments=true");

        Assert.Equal((2, 2), (saved.GetProperty("version").GetInt32(), saved.GetProperty("moved").GetInt32()));
        foreach (var enrollmentId in enrollmentIds)
        {
            await UntilAsync(enrollmentId, v => v.Status == EnrollmentStatus.Completed, "the moved enrollment completes");
            var view = await GetAsync(enrollmentId);
            Assert.Equal(2, view.SequenceVersion);
            Assert.Equal(["a", "c"], view.Steps.Select(s => s.Id));
            Assert.Contains(view.Timeline, e => e.Kind == TimelineEventKind.Moved && e.Detail!.StartsWith("From v1 to v2; next step c due", StringComparison.Ordinal));
            Assert.Single(local.Outbox.Files($"{enrollmentId}_c.eml"));
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // past the time v1 had b due
        Assert.All(enrollmentIds, enrollmentId => Assert.Empty(local.Outbox.Files($"{enrollmentId}_b.*")));
    }

    [Theory]
    [InlineData("?moveEnrollments=yes")]
    [InlineData("?moveEnrollments=")]
    [InlineData("?moveEnrollments=1")]
    public async Task Put_BadMoveEnrollments_Returns400NamingItAndStoresNothing(string query)
    {
        var id = TestData.Id("bad");
        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}{query}", SequenceJson.Sequence("X", true, SequenceJson.Email("a", "PT1H")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["moveEnrollments"], await ProblemFieldsAsync(response));
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sequences/{id}")).StatusCode);
    }

    [Fact]
    public async Task Put_OnCompleteIntoAMissingSequence_Returns422NamingItAndStoresNothing()
    {
        var id = TestData.Id("chain");
        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{id}", new
        {
            name = "Chain", steps = new[] { SequenceJson.Email("a", "PT1H") }, onComplete = new { enroll = TestData.Id("missing") },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["onComplete.enroll"], await ProblemFieldsAsync(response));
        Assert.Equal(HttpStatusCode.NotFound, (await local.Http.GetAsync($"/api/sequences/{id}")).StatusCode);
    }

    [Fact]
    public async Task Put_OnCompleteThatLeadsBackToTheSequence_Returns422AndKeepsTheVersion()
    {
        var first = TestData.Id("loop-a");
        var second = TestData.Id("loop-b");
        Assert.Equal(HttpStatusCode.OK, (await local.Http.PutAsJsonAsync($"/api/sequences/{first}", SequenceJson.Sequence("A", true, SequenceJson.Email("a", "PT1H")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await local.Http.PutAsJsonAsync($"/api/sequences/{second}", new
        {
            name = "B", steps = new[] { SequenceJson.Email("b", "PT1H") }, onComplete = new { enroll = first },
        })).StatusCode);

        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{first}", new
        {
            name = "A", steps = new[] { SequenceJson.Email("a", "PT1H") }, onComplete = new { enroll = second },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["onComplete.enroll"], await ProblemFieldsAsync(response));
        using var latest = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sequences/{first}"));
        Assert.Equal(1, latest.RootElement.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Put_UnknownReenrollPolicy_Returns400NamingIt()
    {
        var response = await local.Http.PutAsJsonAsync($"/api/sequences/{TestData.Id("re")}", new
        {
            name = "Re", steps = new[] { SequenceJson.Email("a", "PT1H") }, reenroll = "sometimes",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["reenroll"], await ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task Complete_WithOnComplete_EnrollsIntoTheNextSequenceWhichSendsWithTheSameData()
    {
        var nextId = TestData.Id("next");
        await PutAsync(nextId, new { name = "Next", steps = new[] { SequenceJson.Email("n", "PT1S", subject: "About the {{ data.product }}") }, reenroll = "never" });
        var id = TestData.Id("first");
        await PutAsync(id, new { name = "First", steps = new[] { SequenceJson.Email("a", "PT0S") }, onComplete = new { enroll = nextId } });
        using (var got = JsonDocument.Parse(await local.Http.GetStringAsync($"/api/sequences/{id}")))
        {
            Assert.Equal(nextId, got.RootElement.GetProperty("onComplete").GetProperty("enroll").GetString());
            Assert.Equal("after-completion", got.RootElement.GetProperty("reenroll").GetString());
        }

        var enrollmentId = await EnrollAsync(id);
        await UntilAsync(enrollmentId, v => v.Timeline.Any(e => e.Kind == TimelineEventKind.Chained), "the enrollment chains");

        var chainedId = EnrollmentId.Derive(enrollmentId.Split('-')[0], enrollmentId);
        var view = await GetAsync(enrollmentId);
        Assert.Equal(EnrollmentStatus.Completed, view.Status);
        Assert.Equal($"Enrolled into {nextId} as {chainedId}.", view.Timeline.Single(e => e.Kind == TimelineEventKind.Chained).Detail);
        await UntilAsync(chainedId, v => v.Status == EnrollmentStatus.Completed, "the chained enrollment completes");
        var eml = await File.ReadAllTextAsync(Assert.Single(local.Outbox.Files($"{chainedId}_n.eml")));
        Assert.Contains("Subject: About the kettle", eml, StringComparison.Ordinal);
    }
}
