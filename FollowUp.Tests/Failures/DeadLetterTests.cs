using System.Text.Json;
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

/// <summary>A step whose message fails every delivery: dead-lettered, shown as failed, listed, and replayed once.</summary>
public sealed class DeadLetterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    private CountingEmailChannel Email => harness.Get<CountingEmailChannel>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, CountingEmailChannel.Register);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Handle_StepFailedEveryDelivery_MarksItFailedWithReasonAndDequeueCount()
    {
        var (enrollment, message) = await EnrollAndFailAsync(sendFirst: false);

        await harness.Get<DeadLetterHandler>().HandleAsync(message, 5, CancellationToken.None);

        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Failed, stored.Steps[0].Status);
        Assert.Equal(0, stored.NextStepIndex);
        var failed = Assert.Single(await TimelineAsync(enrollment), entry => entry.Kind == TimelineEventKind.Failed);
        Assert.Equal("first", failed.StepId);
        Assert.Contains("5 deliveries", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("set aside until it is replayed", failed.Detail, StringComparison.Ordinal);
        var listed = Assert.Single(await ListedAsync(enrollment));
        Assert.Equal(5, listed.DequeueCount);
        Assert.Equal(failed.Detail, listed.Reason);
    }

    [Fact]
    public async Task Handle_SameDeadLetterTwice_RecordsOnce()
    {
        var (enrollment, message) = await EnrollAndFailAsync(sendFirst: false);
        var handler = harness.Get<DeadLetterHandler>();

        await handler.HandleAsync(message, 5, CancellationToken.None);
        await handler.HandleAsync(message, 5, CancellationToken.None);

        Assert.Single(await TimelineAsync(enrollment), entry => entry.Kind == TimelineEventKind.Failed);
        Assert.Single(await ListedAsync(enrollment));
    }

    [Fact]
    public async Task Handle_StepWhoseClaimSaysSent_IsNotMarkedFailed()
    {
        var enrollment = await EnrollAsync();
        var message = Message(enrollment);
        var claims = harness.Get<SendClaims>();
        var (_, claim) = await claims.TryAcquireAsync(new Engine.Channels.SendKey(enrollment.Id, "first"), harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(1), CancellationToken.None);
        await claims.CompleteAsync(claim, ClaimStatus.Sent, harness.Clock.GetUtcNow(), "provider-1", null, CancellationToken.None);

        await harness.Get<DeadLetterHandler>().HandleAsync(message, 5, CancellationToken.None);

        Assert.Equal(StepStatus.Pending, (await ReadAsync(enrollment)).Steps[0].Status);
        Assert.DoesNotContain(await TimelineAsync(enrollment), entry => entry.Kind == TimelineEventKind.Failed);
        Assert.Empty(await ListedAsync(enrollment));
    }

    [Fact]
    public async Task Replay_DeadLetteredStepThatNeverWent_SendsItOnceAndLeavesTheList()
    {
        var (enrollment, message) = await EnrollAndFailAsync(sendFirst: false);
        await harness.Get<DeadLetterHandler>().HandleAsync(message, 5, CancellationToken.None);
        var replayer = harness.Get<FailureReplayer>();

        Assert.Equal(ReplayOutcome.Replayed, await replayer.ReplayAsync(enrollment.Id, "first", CancellationToken.None));
        Assert.Equal(ReplayOutcome.NotListed, await replayer.ReplayAsync(enrollment.Id, "first", CancellationToken.None));
        await DispatchQueuedAsync(enrollment);

        Assert.Equal(1, Email.Sends);
        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Sent, stored.Steps[0].Status);
        Assert.Equal(1, stored.NextStepIndex);
        Assert.Single(await TimelineAsync(enrollment), entry => entry.Kind == TimelineEventKind.Replayed);
        Assert.Empty(await ListedAsync(enrollment));
    }

    [Fact]
    public async Task Replay_DeadLetteredStepThatTheProviderHadAccepted_RecordsItWithoutSendingAgain()
    {
        var (enrollment, message) = await EnrollAndFailAsync(sendFirst: true);
        await harness.Get<DeadLetterHandler>().HandleAsync(message, 5, CancellationToken.None);
        Assert.Equal(StepStatus.Failed, (await ReadAsync(enrollment)).Steps[0].Status);

        var (replayed, _) = await harness.Get<FailureReplayer>().ReplayAllAsync(CancellationToken.None);
        Assert.True(replayed >= 1);
        await DispatchQueuedAsync(enrollment);

        Assert.Equal(1, Email.Sends);
        Assert.Single(harness.Outbox.Files($"{enrollment.Id}_first.eml"));
        Assert.Equal(StepStatus.Sent, (await ReadAsync(enrollment)).Steps[0].Status);
    }

    [Fact]
    public async Task Replay_EnrollmentHaltedSinceTheDeadLetter_SchedulesNothingAndLeavesTheList()
    {
        var (enrollment, message) = await EnrollAndFailAsync(sendFirst: false);
        await harness.Get<DeadLetterHandler>().HandleAsync(message, 5, CancellationToken.None);
        await harness.Get<EnrollmentStore>().UpdateAsync(enrollment.Id, e => e.Halt("replied", harness.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal(ReplayOutcome.Ended, await harness.Get<FailureReplayer>().ReplayAsync(enrollment.Id, "first", CancellationToken.None));

        Assert.Empty(await ListedAsync(enrollment));
        Assert.DoesNotContain(await harness.ReceiveAllAsync(), m => m.Body.ToString().Contains(enrollment.Id, StringComparison.Ordinal));
    }

    /// <summary>Enrolls a contact and fails its first step's message on each of five deliveries, as the queue would before dead-lettering it; with <paramref name="sendFirst"/> the first attempt reached the provider before failing.</summary>
    private async Task<(Enrollment Enrollment, string Message)> EnrollAndFailAsync(bool sendFirst)
    {
        var enrollment = await EnrollAsync();
        var message = Message(enrollment);
        var dispatcher = harness.Get<StepDispatcher>();
        for (var delivery = 1; delivery <= 5; delivery++)
        {
            if (sendFirst && delivery == 1)
            {
                Email.FailAfterAccepting = new InvalidOperationException("the worker crashed after the provider accepted");
            }
            else if (sendFirst)
            {
                Email.FailFindingSent = new InvalidOperationException("the provider's status API broke");
            }
            else
            {
                Email.FailBeforeSending = new InvalidOperationException("the channel broke");
            }

            await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchAsync(message, delivery, CancellationToken.None));
        }

        Assert.Equal(sendFirst ? 1 : 0, Email.Sends);
        return (enrollment, message);
    }

    private async Task<Enrollment> EnrollAsync()
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("dead"), 0, "Test", [EmailStep("first", TimeSpan.Zero), EmailStep("second", TimeSpan.FromDays(3))], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        await harness.ReceiveAllAsync();
        return (await ReadAsync(created.EnrollmentId))!;
    }

    private static SequenceStep EmailStep(string id, TimeSpan after) => new(id, after, StepChannel.Email, "Hi", "Hello", "<p>Hello</p>");

    private static string Message(Enrollment enrollment) => new StepMessage(enrollment.Id, "first", enrollment.SequenceVersion).ToJson();

    private Task<Enrollment?> ReadAsync(string enrollmentId) => harness.Get<EnrollmentStore>().GetAsync(enrollmentId, CancellationToken.None);

    private async Task<Enrollment> ReadAsync(Enrollment enrollment) => (await ReadAsync(enrollment.Id))!;

    private Task<List<TimelineEvent>> TimelineAsync(Enrollment enrollment) => harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None);

    private async Task<List<FailedStep>> ListedAsync(Enrollment enrollment) =>
        [.. (await harness.Get<FailedStepStore>().ListAsync(1000, CancellationToken.None)).Where(f => f.EnrollmentId == enrollment.Id)];

    /// <summary>Dispatches the queued messages of this enrollment, as the queue trigger would.</summary>
    private async Task DispatchQueuedAsync(Enrollment enrollment)
    {
        var ours = (await harness.ReceiveAllAsync()).Where(m => m.Body.ToString().Contains(enrollment.Id, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ours);
        foreach (var queued in ours)
        {
            await harness.Get<StepDispatcher>().DispatchAsync(queued.Body.ToString(), 1, CancellationToken.None);
        }
    }
}
