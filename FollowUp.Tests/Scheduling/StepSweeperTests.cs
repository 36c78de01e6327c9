using System.Text.Json;
using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Scheduling;

public sealed class StepSweeperTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly TimeSpan PastThreshold = TimeSpan.FromMinutes(16);
    private readonly CapturedLogs logs = new();
    private EngineHarness harness = null!;
    private string address = null!;

    private StepSweeper Sweeper => harness.Get<StepSweeper>();

    private int MaxReschedules => harness.Get<IOptions<FollowUpOptions>>().Value.Sweeper.MaxReschedules;

    public async Task InitializeAsync()
    {
        harness = await EngineHarness.CreateAsync(azurite, services => services.AddLogging(logging => logging.AddProvider(logs)));
        await harness.Storage.Table(StorageNames.NextDueTable).DeleteAsync();
        await harness.Storage.Table(StorageNames.DueIndexTable).DeleteAsync();
        await harness.Storage.EnsureCreatedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    /// <summary>Enrolls a new contact in a two-step sequence whose first step is due after <paramref name="first"/>.</summary>
    private async Task<Enrollment> EnrollAsync(TimeSpan first)
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", [EmailStep("first", first), EmailStep("second", TimeSpan.FromDays(3))], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        address = TestData.Email();
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(address, null, "Ann", null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        return (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
    }

    private static SequenceStep EmailStep(string id, TimeSpan after) => new(id, after, StepChannel.Email, "Hi", "Hello", "<p>Hello</p>");

    /// <summary>Loses every queued message, as a failed enqueue or a lost poison message would.</summary>
    private async Task LoseQueuedMessagesAsync() => await harness.Storage.StepQueue.ClearMessagesAsync();

    [Fact]
    public async Task Sweep_StepWhoseMessageWasLost_IsPutBackOnTheQueueAndOnTheTimeline()
    {
        var enrollment = await EnrollAsync(TimeSpan.Zero);
        await LoseQueuedMessagesAsync();
        harness.Clock.Advance(PastThreshold);

        var result = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0), (result.Candidates, result.Rescheduled, result.Cleared));
        var message = StepMessage.Parse(Assert.Single(await harness.ReceiveAllAsync()).Body.ToString());
        Assert.Equal((enrollment.Id, "first"), (message.EnrollmentId, message.StepId));
        var timeline = await harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None);
        Assert.Contains(timeline, entry => entry is { Kind: TimelineEventKind.Rescheduled, StepId: "first" });
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Text.Contains(enrollment.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(address, logs.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sweep_RescheduledStep_IsNotPutBackAgainBeforeAnotherThreshold()
    {
        await EnrollAsync(TimeSpan.Zero);
        await LoseQueuedMessagesAsync();
        harness.Clock.Advance(PastThreshold);
        await Sweeper.SweepAsync(CancellationToken.None);
        await LoseQueuedMessagesAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var soon = await Sweeper.SweepAsync(CancellationToken.None);
        harness.Clock.Advance(PastThreshold);
        var later = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(0, soon.Rescheduled);
        Assert.Equal(1, later.Rescheduled);
    }

    [Fact]
    public async Task Sweep_RescheduledStepThenSent_LeavesNothingToSweep()
    {
        var enrollment = await EnrollAsync(TimeSpan.Zero);
        await LoseQueuedMessagesAsync();
        harness.Clock.Advance(PastThreshold);
        await Sweeper.SweepAsync(CancellationToken.None);
        var message = Assert.Single(await harness.ReceiveAllAsync());
        await harness.Get<StepDispatcher>().DispatchAsync(message.Body.ToString(), 1, CancellationToken.None);

        harness.Clock.Advance(PastThreshold);
        var result = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(StepStatus.Sent, (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!.Steps[0].Status);
        Assert.Equal(0, result.Candidates);
    }

    [Fact]
    public async Task Sweep_StepNotYetPastTheThreshold_IsNotRead()
    {
        await EnrollAsync(TimeSpan.Zero);
        await LoseQueuedMessagesAsync();
        harness.Clock.Advance(TimeSpan.FromMinutes(10));

        var result = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(0, result.Candidates);
        Assert.Equal(0, await harness.QueueLengthAsync());
    }

    [Fact]
    public async Task Sweep_StepStillInTheDueIndex_IsLeftToTheScan()
    {
        await EnrollAsync(TimeSpan.FromHours(1));
        harness.Clock.Advance(TimeSpan.FromHours(1) + PastThreshold);

        var result = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal((1, 0, 0), (result.Candidates, result.Rescheduled, result.Cleared));
        Assert.Equal(0, await harness.QueueLengthAsync());
    }

    [Fact]
    public async Task Sweep_StepWithASendClaim_IsLeftToItsHolder()
    {
        var enrollment = await EnrollAsync(TimeSpan.Zero);
        await LoseQueuedMessagesAsync();
        await harness.Get<SendClaims>().TryAcquireAsync(new SendKey(enrollment.Id, "first"), harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);
        harness.Clock.Advance(PastThreshold);

        var result = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal((1, 0), (result.Candidates, result.Rescheduled));
        Assert.Equal(0, await harness.QueueLengthAsync());
    }

    [Fact]
    public async Task Sweep_HaltedEnrollment_ClearsItsRowWithoutScheduling()
    {
        var enrollment = await EnrollAsync(TimeSpan.Zero);
        await LoseQueuedMessagesAsync();
        await harness.Get<ReplyService>().HaltOnReplyAsync(enrollment.ContactId, CancellationToken.None);
        harness.Clock.Advance(PastThreshold);

        var first = await Sweeper.SweepAsync(CancellationToken.None);
        var second = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (first.Candidates, first.Rescheduled, first.Cleared));
        Assert.Equal(0, second.Candidates);
        Assert.Equal(0, await harness.QueueLengthAsync());
    }

    [Fact]
    public async Task Dispatch_OutcomeRecorded_RemovesTheStepFromTheSweep()
    {
        var enrollment = await EnrollAsync(TimeSpan.Zero);
        await harness.Get<StepDispatcher>().DispatchAsync(new StepMessage(enrollment.Id, "first", enrollment.SequenceVersion).ToJson(), 1, CancellationToken.None);
        harness.Clock.Advance(PastThreshold);

        var result = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(0, result.Candidates);
    }

    [Fact]
    public async Task Sweep_ClaimSentButOutcomeNotRecorded_RecordsItFromTheClaimWithoutSending()
    {
        var enrollment = await EnrollAsync(TimeSpan.Zero);
        await LoseQueuedMessagesAsync();
        var claims = harness.Get<SendClaims>();
        var (_, claim) = await claims.TryAcquireAsync(new SendKey(enrollment.Id, "first"), harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);
        await claims.CompleteAsync(claim, ClaimStatus.Sent, harness.Clock.GetUtcNow().AddSeconds(3), "provider-7", null, CancellationToken.None);
        var sentUtc = (await claims.GetAsync(claim.Key, CancellationToken.None))!.CompletedUtc;
        harness.Clock.Advance(PastThreshold);

        var result = await Sweeper.SweepAsync(CancellationToken.None);
        var again = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0), (result.Candidates, result.Recorded, result.Rescheduled));
        Assert.Equal(0, again.Candidates);
        var stored = (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!;
        Assert.Equal((StepStatus.Sent, "provider-7", sentUtc), (stored.Steps[0].Status, stored.Steps[0].ProviderMessageId, stored.Steps[0].SentUtc));
        Assert.Equal(1, stored.NextStepIndex);
        Assert.True(await harness.Get<DueIndex>().ContainsAsync(DueEntry.For(stored, stored.Steps[1]), CancellationToken.None));
        Assert.Empty(harness.Outbox.Files("*.eml"));
        Assert.Equal(0, await harness.QueueLengthAsync());
        Assert.Single(await harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None), entry => entry is { Kind: TimelineEventKind.Sent, StepId: "first" });
    }

    [Fact]
    public async Task Sweep_StepStuckAfterMaxReschedules_IsMarkedFailedListedAndNotRescheduled()
    {
        var enrollment = await EnrollAsync(TimeSpan.Zero);
        var max = MaxReschedules;
        for (var sweep = 1; sweep <= max; sweep++)
        {
            await LoseQueuedMessagesAsync();
            harness.Clock.Advance(PastThreshold);
            Assert.Equal(1, (await Sweeper.SweepAsync(CancellationToken.None)).Rescheduled);
        }

        await LoseQueuedMessagesAsync();
        harness.Clock.Advance(PastThreshold);
        var result = await Sweeper.SweepAsync(CancellationToken.None);
        harness.Clock.Advance(PastThreshold);
        var after = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (result.Candidates, result.Rescheduled, result.GaveUp));
        Assert.Equal(0, after.Candidates);
        Assert.Equal(0, await harness.QueueLengthAsync());
        var stored = (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!;
        Assert.Equal((StepStatus.Failed, 0), (stored.Steps[0].Status, stored.NextStepIndex));
        var listed = Assert.Single(await harness.Get<FailedStepStore>().ListAsync(1000, CancellationToken.None), f => f.EnrollmentId == enrollment.Id);
        Assert.Equal((FailureKind.Stuck, "first"), (listed.Kind, listed.StepId));
        Assert.Contains($"{max} times", listed.Reason, StringComparison.Ordinal);
        Assert.Single(await harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None), entry => entry is { Kind: TimelineEventKind.Failed, StepId: "first" });
    }

    [Fact]
    public async Task Replay_StepTheSweepGaveUpOn_IsQueuedAgainWithAFreshCount()
    {
        var enrollment = await EnrollAsync(TimeSpan.Zero);
        var max = MaxReschedules;
        for (var sweep = 0; sweep <= max; sweep++)
        {
            await LoseQueuedMessagesAsync();
            harness.Clock.Advance(PastThreshold);
            await Sweeper.SweepAsync(CancellationToken.None);
        }

        Assert.Equal(ReplayOutcome.Replayed, await harness.Get<FailureReplayer>().ReplayAsync(enrollment.Id, "first", CancellationToken.None));
        var message = StepMessage.Parse(Assert.Single(await harness.ReceiveAllAsync()).Body.ToString());
        await LoseQueuedMessagesAsync();
        harness.Clock.Advance(PastThreshold);
        var result = await Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal((enrollment.Id, "first"), (message.EnrollmentId, message.StepId));
        Assert.Equal((1, 1, 0), (result.Candidates, result.Rescheduled, result.GaveUp));
    }
}
