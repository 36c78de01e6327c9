using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using FollowUp.Engine.Caps;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FollowUp.Tests.Functions;

/// <summary>FollowUp.Functions' timer and queue functions, called as the host calls them, against Azurite.</summary>
public sealed class FunctionsTriggerTests(FunctionsTriggerTests.WorkerOnly app) : IClassFixture<FunctionsTriggerTests.WorkerOnly>, IAsyncLifetime
{
    /// <summary>The Functions worker alone over its own Azurite, so no other trigger takes its queue messages, on a clock the tests move.</summary>
    public sealed class WorkerOnly : IAsyncLifetime
    {
        private readonly AzuriteFixture azurite = new();

        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public TempFolder Outbox { get; } = new();

        public FunctionsWorker Worker { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public FollowUpStorage Storage => Worker.Services.GetRequiredService<FollowUpStorage>();

        /// <summary>The step queue as the Functions host reads it: raw, without the engine's base64 encoding.</summary>
        public QueueClient RawQueue => new(azurite.ConnectionString, Storage.StepQueue.Name);

        public async Task InitializeAsync()
        {
            await azurite.InitializeAsync();
            Worker = await FunctionsWorker.StartAsync(LocalAppFixture.Settings(azurite, Outbox), services => services.AddSingleton<TimeProvider>(Clock));
            Http = Worker.CreateClient();
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            Worker.Dispose();
            await azurite.DisposeAsync();
            Outbox.Dispose();
        }
    }

    private string enrollmentId = "";

    /// <summary>Enrolls a contact, through the HTTP function, in a sequence whose first email is due in a day, and moves the clock past it.</summary>
    public async Task InitializeAsync()
    {
        var sequenceId = TestData.Id("fn-trigger");
        (await app.Http.PutAsJsonAsync($"/api/sequences/{sequenceId}", SequenceJson.Sequence("Tomorrow", true, SequenceJson.Email("now", "P1D"), SequenceJson.Email("later", "P30D")))).EnsureSuccessStatusCode();
        var created = await app.Http.PostAsJsonAsync("/api/enrollments", new { sequenceId, contact = new { email = TestData.Email(), firstName = "Ann" } });
        enrollmentId = (await LocalAppFixture.ReadAsync<EnrollmentCreated>(created)).EnrollmentId;
        Assert.NotEmpty(await DueRowsAsync());
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ScanFunction_StepDue_IsEnqueuedAndLeavesTheDueIndex()
    {
        await ScanAsync();

        Assert.Empty(await DueRowsAsync());
        var message = await ReceiveAsync();
        Assert.Contains("now", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanFunction_PastDueRun_StillEnqueues()
    {
        await ScanAsync(isPastDue: true);

        Assert.Empty(await DueRowsAsync());
        Assert.Contains(enrollmentId, (await ReceiveAsync()).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchFunction_SameMessageTwice_SendsTheStepOnce()
    {
        await ScanAsync();
        var message = await ReceiveAsync();

        await DispatchAsync(message.Body, 1);
        await DispatchAsync(message.Body, 2);

        Assert.Single(app.Outbox.Files($"{enrollmentId}_now.eml"));
        var view = await LocalAppFixture.ReadAsync<EnrollmentView>(await app.Http.GetAsync($"/api/enrollments/{enrollmentId}"));
        Assert.Equal(StepStatus.Sent, view.Steps[0].Status);
        Assert.Single(view.Timeline, entry => entry.Kind == TimelineEventKind.Sent);
        Assert.Equal(StepStatus.Pending, view.Steps[1].Status);
    }

    [Fact]
    public async Task RetentionFunction_ContactSendsRowPastTheCapWindow_IsRemoved()
    {
        var table = app.Storage.Table(StorageNames.EnrollmentsTable);
        var rowKey = $"{ContactCap.RowPrefix}{app.Clock.GetUtcNow().AddDays(-3).UtcTicks:D19}_old_step";
        await table.UpsertEntityAsync(new TableEntity("retention", rowKey));

        await app.Worker.InvokeFunctionAsync("RemoveExpiredRecords", new Dictionary<string, object?> { ["timer"] = new TimerInfo() });

        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("retention", rowKey)).HasValue);
    }

    private Task ScanAsync(bool isPastDue = false) =>
        app.Worker.InvokeFunctionAsync("ScanDueSteps", new Dictionary<string, object?> { ["timer"] = new TimerInfo { IsPastDue = isPastDue } });

    /// <summary>Calls the queue function as the host does: the message text decoded from base64, and the delivery count.</summary>
    private Task DispatchAsync(string message, long dequeueCount) =>
        app.Worker.InvokeTriggerAsync("queueTrigger", new Dictionary<string, object?> { ["message"] = message, ["dequeueCount"] = dequeueCount }, app.Storage.StepQueue.Name);

    private async Task<List<TableEntity>> DueRowsAsync() =>
        await app.Storage.Table(StorageNames.DueIndexTable).QueryAsync<TableEntity>().Where(row => row.RowKey.Contains(enrollmentId, StringComparison.Ordinal)).ToListAsync();

    /// <summary>The queue message of this test's enrollment, received as the host receives it (and decoded, as host.json's base64 encoding asks).</summary>
    private async Task<(string Body, long DequeueCount)> ReceiveAsync()
    {
        var messages = await app.RawQueue.ReceiveMessagesAsync(32);
        var bodies = messages.Value.Select(message => (Body: Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText)), message.DequeueCount));
        return Assert.Single(bodies, message => message.Body.Contains(enrollmentId, StringComparison.Ordinal));
    }
}
