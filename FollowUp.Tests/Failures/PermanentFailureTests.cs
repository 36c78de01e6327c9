using System.Text.Json;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Failures;

/// <summary>A step that fails for good at send time: listed with its reason and kind, and replayed once the cause is fixed, never out of order.</summary>
public sealed class PermanentFailureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string BrokenHtml = "<p>{% if data.parts %}{{ 100 | divided_by: data.parts }} each{% endif %}</p>";

    private EngineHarness harness = null!;

    private CountingEmailChannel Email => harness.Get<CountingEmailChannel>();

    private FailureReplayer Replayer => harness.Get<FailureReplayer>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, CountingEmailChannel.Register);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Dispatch_TemplateFailsForTheContactsData_ListsTheStepAsFailedWithItsReason()
    {
        var enrollment = await EnrollAsync(BrokenHtml);

        await DispatchFirstAsync(enrollment);
        await DispatchFirstAsync(enrollment);

        var listed = Assert.Single(await ListedAsync(enrollment));
        Assert.Equal((FailureKind.Failed, "first", 0L), (listed.Kind, listed.StepId, listed.DequeueCount));
        Assert.Equal("The html template failed for this contact: The template divides by zero.", listed.Reason);
        Assert.Equal(1, (await ReadAsync(enrollment)).NextStepIndex);
    }

    [Fact]
    public async Task Dispatch_ProviderRefusesForGood_ListsTheStepAsFailed()
    {
        var enrollment = await EnrollAsync("<p>Hello</p>");
        Email.AnswerBeforeSending = SendResult.Refused("The mailbox does not exist.");

        await DispatchFirstAsync(enrollment);

        var listed = Assert.Single(await ListedAsync(enrollment));
        Assert.Equal((FailureKind.Failed, "The mailbox does not exist."), (listed.Kind, listed.Reason));
        Assert.Equal(StepStatus.Failed, (await ReadAsync(enrollment)).Steps[0].Status);
    }

    [Fact]
    public async Task Replay_TemplateFixedInANewVersion_SendsTheFixedStepOnceThenSchedulesTheNext()
    {
        var enrollment = await EnrollAsync(BrokenHtml);
        await DispatchFirstAsync(enrollment);
        var fixedVersion = await SaveAsync(enrollment.SequenceId, "<p>Your share is ready</p>");
        Assert.Equal(1, await harness.Get<EnrollmentMover>().MoveAllAsync(fixedVersion, CancellationToken.None));

        Assert.Equal(ReplayOutcome.Replayed, await Replayer.ReplayAsync(enrollment.Id, "first", CancellationToken.None));
        Assert.Equal(ReplayOutcome.NotListed, await Replayer.ReplayAsync(enrollment.Id, "first", CancellationToken.None));
        await DispatchQueuedAsync(enrollment);

        Assert.Equal(1, Email.Sends);
        Assert.Contains("Your share is ready", await File.ReadAllTextAsync(Assert.Single(harness.Outbox.Files($"{enrollment.Id}_first.eml"))), StringComparison.Ordinal);
        var stored = await ReadAsync(enrollment);
        Assert.Equal((StepStatus.Sent, 1, fixedVersion.Version), (stored.Steps[0].Status, stored.NextStepIndex, stored.SequenceVersion));
        Assert.True(await harness.Get<DueIndex>().ContainsAsync(DueEntry.For(stored, stored.Steps[1]), CancellationToken.None));
        Assert.Single(await TimelineAsync(enrollment), entry => entry.Kind == TimelineEventKind.Replayed);
        Assert.Empty(await ListedAsync(enrollment));
    }

    [Fact]
    public async Task Replay_ProviderRefusalThenADuplicateMessage_SendsOnce()
    {
        var enrollment = await EnrollAsync("<p>Hello</p>");
        Email.AnswerBeforeSending = SendResult.Refused("The mailbox is full.");
        await DispatchFirstAsync(enrollment);

        Assert.Equal(ReplayOutcome.Replayed, await Replayer.ReplayAsync(enrollment.Id, "first", CancellationToken.None));
        await DispatchQueuedAsync(enrollment);
        await DispatchFirstAsync(enrollment);

        Assert.Equal(1, Email.Sends);
        Assert.Equal(ClaimStatus.Sent, (await harness.Get<SendClaims>().GetAsync(new SendKey(enrollment.Id, "first"), CancellationToken.None))!.Status);
        Assert.Equal(ReplayOutcome.NotListed, await Replayer.ReplayAsync(enrollment.Id, "first", CancellationToken.None));
    }

    [Fact]
    public async Task Replay_FailedStepAfterALaterStepWent_EndsWithoutSending()
    {
        var enrollment = await EnrollAsync(BrokenHtml);
        await DispatchFirstAsync(enrollment);
        await harness.Get<EnrollmentStore>().UpdateAsync(enrollment.Id, e => e.RecordOutcome("second", StepStatus.Sent, harness.Clock.GetUtcNow(), "provider-2", null), CancellationToken.None);

        Assert.Equal(ReplayOutcome.Ended, await Replayer.ReplayAsync(enrollment.Id, "first", CancellationToken.None));

        Assert.Equal(0, Email.Sends);
        Assert.Equal(StepStatus.Failed, (await ReadAsync(enrollment)).Steps[0].Status);
        Assert.Equal(ClaimStatus.Failed, (await harness.Get<SendClaims>().GetAsync(new SendKey(enrollment.Id, "first"), CancellationToken.None))!.Status);
        Assert.DoesNotContain(await harness.ReceiveAllAsync(), m => m.Body.ToString().Contains(enrollment.Id, StringComparison.Ordinal));
        Assert.Empty(await ListedAsync(enrollment));
    }

    /// <summary>Enrolls a contact whose data divides by zero into a sequence whose first step has <paramref name="html"/>, and drops its queued message.</summary>
    private async Task<Enrollment> EnrollAsync(string html)
    {
        var sequence = await SaveAsync(TestData.Id("failed"), html);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("""{"parts":0}""")),
            CancellationToken.None)).Enrollment;
        await harness.ReceiveAllAsync();
        return (await ReadAsync(created.EnrollmentId))!;
    }

    private async Task<Sequence> SaveAsync(string sequenceId, string html) => await harness.Get<SequenceStore>().SaveAsync(
        new Sequence(sequenceId, 0, "Test",
            [
                new SequenceStep("first", TimeSpan.Zero, StepChannel.Email, "Your share", "Text", html),
                new SequenceStep("second", TimeSpan.FromDays(3), StepChannel.Email, "Later", "Text", null),
            ],
            new StopRules(true), harness.Clock.GetUtcNow()),
        CancellationToken.None);

    private Task DispatchFirstAsync(Enrollment enrollment) =>
        harness.Get<StepDispatcher>().DispatchAsync(new StepMessage(enrollment.Id, "first", enrollment.SequenceVersion).ToJson(), 1, CancellationToken.None);

    /// <summary>Dispatches the queued messages of this enrollment, as the queue trigger would.</summary>
    private async Task DispatchQueuedAsync(Enrollment enrollment)
    {
        foreach (var queued in (await harness.ReceiveAllAsync()).Where(m => m.Body.ToString().Contains(enrollment.Id, StringComparison.Ordinal)))
        {
            await harness.Get<StepDispatcher>().DispatchAsync(queued.Body.ToString(), 1, CancellationToken.None);
        }
    }

    private Task<Enrollment?> ReadAsync(string enrollmentId) => harness.Get<EnrollmentStore>().GetAsync(enrollmentId, CancellationToken.None);

    private async Task<Enrollment> ReadAsync(Enrollment enrollment) => (await ReadAsync(enrollment.Id))!;

    private Task<List<TimelineEvent>> TimelineAsync(Enrollment enrollment) => harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None);

    private async Task<List<FailedStep>> ListedAsync(Enrollment enrollment) =>
        [.. (await harness.Get<FailedStepStore>().ListAsync(1000, CancellationToken.None)).Where(f => f.EnrollmentId == enrollment.Id)];
}
