using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Storage;

/// <summary>Rows and queue messages written before format versions were kept, and ones a newer FollowUp wrote, met by the dispatcher on Azurite.</summary>
public sealed class StoredFormatTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    private StepDispatcher Dispatcher => harness.Get<StepDispatcher>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Dispatch_MessageInFlightAndRowsFromBeforeVersions_SendsTheStepAndFinishesTheEnrollment()
    {
        var sequenceId = TestData.Id("legacy");
        var definition = JsonNode.Parse(StoredSamples.Read("sequence-version.json"))!.AsObject();
        foreach (var timing in new[] { "sendWindow", "smsQuietHours", "holidays", "spread", "trackClicks" })
        {
            definition.Remove(timing);
        }

        definition["steps"]![0]!["variants"]![1]!.AsObject().Remove("sendWindow");
        definition["id"] = sequenceId;
        var sequenceRow = new TableEntity(sequenceId, "999999998");
        ChunkedString.Write(sequenceRow, "Definition", definition.ToJsonString());
        await harness.Storage.Table(StorageNames.SequencesTable).AddEntityAsync(sequenceRow);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequenceId, new ContactRequest(TestData.Email(), TestData.Phone(), "Ann", null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        var enrollment = (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
        var table = harness.Storage.Table(StorageNames.EnrollmentsTable);
        var row = (await table.GetEntityAsync<TableEntity>(enrollment.ContactId, enrollment.Id)).Value;
        row["Steps"] = StoredSamples.Read("enrollment-steps.json").Replace(StoredSamples.EnrollmentId, enrollment.Id, StringComparison.Ordinal);
        row["NextStepIndex"] = 1;
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        await harness.Storage.StepQueue.ClearMessagesAsync();
        await harness.Storage.StepQueue.SendMessageAsync(StoredSamples.Read("step-message.json").Replace(StoredSamples.EnrollmentId, enrollment.Id, StringComparison.Ordinal));
        AdvanceTo(DateTimeOffset.Parse("2026-12-05T09:00:00Z", CultureInfo.InvariantCulture));

        var inFlight = Assert.Single(await harness.ReceiveAllAsync());
        await Dispatcher.DispatchAsync(inFlight.Body.ToString(), inFlight.DequeueCount, CancellationToken.None);

        var afterTip = (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!;
        Assert.Equal(StepStatus.Sent, afterTip.Steps[1].Status);
        Assert.Equal(2, afterTip.NextStepIndex);
        Assert.Equal("b", afterTip.Steps[0].Variant);
        Assert.Contains("\"stepId\":\"tip\"", await File.ReadAllTextAsync(Assert.Single(harness.Outbox.Files("*.json"))), StringComparison.Ordinal);
        var rewritten = (await table.GetEntityAsync<TableEntity>(enrollment.ContactId, enrollment.Id)).Value.GetString("Steps");
        Assert.StartsWith("""{"v":1,"steps":[{"id":"thanks",""", rewritten, StringComparison.Ordinal);

        AdvanceTo(afterTip.Steps[2].SendUtc.AddMinutes(1));
        await Dispatcher.DispatchAsync(new Engine.Scheduling.StepMessage(enrollment.Id, "close", 1).ToJson(), 1, CancellationToken.None);

        var finished = (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!;
        Assert.Equal(EnrollmentStatus.Completed, finished.Status);
        Assert.Single(harness.Outbox.Files("*.eml"));
    }

    [Fact]
    public async Task Dispatch_MessageFromANewerVersion_IsPutBackAndNothingIsSent()
    {
        var enrollment = await EnrollAsync();
        var newer = $$"""{"v":2,"enrollmentId":"{{enrollment.Id}}","stepId":"first","sequenceVersion":{{enrollment.SequenceVersion}},"lane":"fast"}""";

        await Dispatcher.DispatchAsync(newer, 1, CancellationToken.None);

        Assert.Equal(1, await harness.QueueLengthAsync());
        Assert.Empty(await harness.ReceiveAllAsync());
        Assert.Empty(harness.Outbox.Files());
        var stored = (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!;
        Assert.Equal(StepStatus.Pending, stored.Steps[0].Status);
    }

    [Fact]
    public async Task Dispatch_EnrollmentRowFromANewerVersion_IsPutBackAndTheRowIsLeftAsItIs()
    {
        var enrollment = await EnrollAsync();
        var table = harness.Storage.Table(StorageNames.EnrollmentsTable);
        var row = (await table.GetEntityAsync<TableEntity>(enrollment.ContactId, enrollment.Id)).Value;
        row["Steps"] = row.GetString("Steps").Replace("""{"v":1,""", """{"v":2,""", StringComparison.Ordinal);
        var etag = (await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace)).Headers.ETag;

        await Dispatcher.DispatchAsync(new Engine.Scheduling.StepMessage(enrollment.Id, "first", enrollment.SequenceVersion).ToJson(), 1, CancellationToken.None);

        Assert.Equal(1, await harness.QueueLengthAsync());
        Assert.Empty(harness.Outbox.Files());
        Assert.Equal(etag, (await table.GetEntityAsync<TableEntity>(enrollment.ContactId, enrollment.Id)).Value.ETag);
        await Assert.ThrowsAsync<NewerStorageFormatException>(() => harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None));
    }

    [Fact]
    public async Task HandleDeadLetter_NewerVersion_IsPutBackOnThePoisonQueueAndNotListed()
    {
        var enrollment = await EnrollAsync();
        var newer = $$"""{"v":2,"enrollmentId":"{{enrollment.Id}}","stepId":"first","sequenceVersion":{{enrollment.SequenceVersion}}}""";

        await harness.Get<DeadLetterHandler>().HandleAsync(newer, DeadLetterHandler.MaxDequeueCount, CancellationToken.None);

        Assert.Equal(1, (await harness.Storage.StepPoisonQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Null(await harness.Get<FailedStepStore>().FindAsync(enrollment.Id, "first", CancellationToken.None));
        var stored = (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!;
        Assert.Equal(StepStatus.Pending, stored.Steps[0].Status);
    }

    /// <summary>Enrolls a new contact in a new one-step sequence and empties the step queue of its first message.</summary>
    private async Task<Enrollment> EnrollAsync()
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", [new SequenceStep("first", TimeSpan.Zero, StepChannel.Email, "Hi", "Hello", null)], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        await harness.Storage.StepQueue.ClearMessagesAsync();
        return (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
    }

    private void AdvanceTo(DateTimeOffset instant)
    {
        if (instant > harness.Clock.GetUtcNow())
        {
            harness.Clock.SetUtcNow(instant);
        }
    }
}
