using System.Net;
using System.Net.Http.Json;
using System.Text;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Local.Azurite;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Azure.Functions.Worker;

namespace FollowUp.Tests.Functions;

/// <summary>The poison queue function and the failures routes of FollowUp.Functions, called as the host calls them.</summary>
public sealed class FunctionsPoisonTests(FunctionsTriggerTests.WorkerOnly app) : IClassFixture<FunctionsTriggerTests.WorkerOnly>
{
    [Fact]
    public async Task PoisonFunction_DeadLetteredStep_ShowsFailedAndReplaysOnce()
    {
        var sequenceId = TestData.Id("fn-poison");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Poison", true, SequenceJson.Email("now", "P1D"), SequenceJson.Email("later", "P30D")))).EnsureSuccessStatusCode();
        var created = await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" } });
        var enrollmentId = (await LocalAppFixture.ReadAsync<EnrollmentCreated>(created)).EnrollmentId;
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await app.Worker.InvokeFunctionAsync("ScanDueSteps", new Dictionary<string, object?> { ["timer"] = new TimerInfo() });
        var message = await ReceiveAsync(enrollmentId);

        // The host moved the message to the poison queue after maxDequeueCount deliveries; the poison trigger gets it twice.
        await PoisonAsync(message);
        await PoisonAsync(message);

        var view = await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{enrollmentId}"));
        Assert.Equal(StepStatus.Failed, view.Steps[0].Status);
        var failed = Assert.Single(view.Timeline, entry => entry.Kind == TimelineEventKind.Failed);
        Assert.Contains("5 deliveries", failed.Detail, StringComparison.Ordinal);
        Assert.Contains(enrollmentId, await app.Http.GetStringAsync("/api/failures"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await app.Http.PostAsync($"/api/failures/{enrollmentId}/now/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.PostAsync($"/api/failures/{enrollmentId}/now/replay", null)).StatusCode);
        await app.Worker.InvokeTriggerAsync("queueTrigger", new Dictionary<string, object?> { ["message"] = await ReceiveAsync(enrollmentId), ["dequeueCount"] = 1L }, app.Storage.StepQueue.Name);

        Assert.Single(app.Outbox.Files($"{enrollmentId}_now.eml"));
        view = await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{enrollmentId}"));
        Assert.Equal(StepStatus.Sent, view.Steps[0].Status);
        Assert.DoesNotContain(enrollmentId, await app.Http.GetStringAsync("/api/failures"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailureRoutes_WithoutTheFunctionKey_Are401()
    {
        using var anonymous = app.Worker.CreateClient(withKey: false);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/failures")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/failures/replay", null)).StatusCode);
    }

    [Fact]
    public void MaxDequeueCount_MatchesHostJson()
    {
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AzuritePackage.FindRepositoryRoot(), "host.json")));

        Assert.Equal(DeadLetterHandler.MaxDequeueCount, host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
    }

    private Task PoisonAsync(string message) =>
        app.Worker.InvokeTriggerAsync("queueTrigger", new Dictionary<string, object?> { ["message"] = message }, app.Storage.StepPoisonQueue.Name);

    /// <summary>The step message of the enrollment, received and decoded as the host does.</summary>
    private async Task<string> ReceiveAsync(string enrollmentId)
    {
        var messages = await app.RawQueue.ReceiveMessagesAsync(32);
        return Assert.Single(messages.Value.Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.MessageText))), body => body.Contains(enrollmentId, StringComparison.Ordinal));
    }
}
