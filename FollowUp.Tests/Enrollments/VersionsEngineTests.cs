using System.Text.Json;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Enrollments;

/// <summary>Moving enrollments between versions, the reenroll policy and onComplete chaining, through the engine on Azurite with a fake clock.</summary>
public sealed class VersionsEngineTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private EngineHarness harness = null!;

    private CountingEmailChannel Email => harness.Get<CountingEmailChannel>();

    private StepDispatcher Dispatcher => harness.Get<StepDispatcher>();

    private EnrollmentStore Enrollments => harness.Get<EnrollmentStore>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, CountingEmailChannel.Register);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private static SequenceStep Step(string id, TimeSpan after) =>
        new(id, after, StepChannel.Email, "Hi {{ contact.firstName }}", "About the {{ data.product }}", null);

    private async Task<Sequence> SaveAsync(string id, SequenceStep[] steps, ReenrollPolicy reenroll = ReenrollPolicy.AfterCompletion, string? onComplete = null) =>
        await harness.Get<SequenceStore>().SaveAsync(new Sequence(id, 0, "Test", steps, new StopRules(true), harness.Clock.GetUtcNow(), reenroll, onComplete), None);

    private async Task<EnrollmentResult> EnrollAsync(string sequenceId, string email) =>
        await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequenceId, new ContactRequest(email, null, "Ann", null, null), JsonElement.Parse("""{"product":"kettle"}""")), None);

    private async Task<Enrollment> EnrolledAsync(string sequenceId, string? email = null)
    {
        var created = Assert.IsType<EnrollmentResult.Created>(await EnrollAsync(sequenceId, email ?? TestData.Email())).Enrollment;
        return (await Enrollments.GetAsync(created.EnrollmentId, None))!;
    }

    private async Task<Enrollment> ReadAsync(string enrollmentId) => (await Enrollments.GetAsync(enrollmentId, None))!;

    private static string Message(string enrollmentId, string stepId, int version) => new StepMessage(enrollmentId, stepId, version).ToJson();

    private async Task<List<TimelineEvent>> TimelineAsync(string enrollmentId) => await harness.Get<TimelineStore>().ListAsync(enrollmentId, None);

    [Fact]
    public async Task MoveAll_EnrollmentOnV1_MovesToV2SchedulesItAndTheRemovedStepIsNeverSent()
    {
        var id = TestData.Id("seq");
        await SaveAsync(id, [Step("a", TimeSpan.Zero), Step("b", TimeSpan.FromDays(1)), Step("c", TimeSpan.FromDays(2))]);
        var enrollment = await EnrolledAsync(id);
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 1, None);
        var v2 = await SaveAsync(id, [Step("a", TimeSpan.Zero), Step("c", TimeSpan.FromHours(1))]);

        Assert.Equal(1, await harness.Get<EnrollmentMover>().MoveAllAsync(v2, None));
        Assert.Equal(0, await harness.Get<EnrollmentMover>().MoveAllAsync(v2, None));

        var moved = await ReadAsync(enrollment.Id);
        Assert.Equal((2, "c"), (moved.SequenceVersion, moved.NextStep?.Id));
        var due = enrollment.Steps[0].DueUtc + TimeSpan.FromHours(1);
        var dueIndex = harness.Get<DueIndex>();
        Assert.True(await dueIndex.ContainsAsync(new DueEntry(enrollment.Id, "c", 2, due), None));
        Assert.False(await dueIndex.ContainsAsync(new DueEntry(enrollment.Id, "b", 1, enrollment.Steps[1].DueUtc), None));
        var movedEvent = Assert.Single(await TimelineAsync(enrollment.Id), e => e.Kind == TimelineEventKind.Moved);
        Assert.StartsWith("From v1 to v2; next step c due", movedEvent.Detail, StringComparison.Ordinal);

        harness.Clock.Advance(TimeSpan.FromDays(3));
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "b", 1), 1, None);
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "c", 2), 1, None);

        Assert.Equal(2, Email.Sends);
        Assert.Empty(harness.Outbox.Files($"{enrollment.Id}_b.*"));
        Assert.Equal(EnrollmentStatus.Completed, (await ReadAsync(enrollment.Id)).Status);
    }

    [Fact]
    public async Task MoveAll_EndedEnrollmentsAndOnesNotStoredYet_AreNotMoved_AndOnlyTheEndedOnesRowsGo()
    {
        var id = TestData.Id("seq");
        await SaveAsync(id, [Step("a", TimeSpan.Zero), Step("b", TimeSpan.FromDays(1))]);
        var halted = await EnrolledAsync(id);
        await harness.Get<ReplyService>().HaltOnReplyAsync(halted.ContactId, None);
        // Rows an earlier version wrote to SequenceEnrollments: the halted one's as if its removal had failed, and the row of an enrollment still being created.
        var oldRows = harness.Storage.Table(StorageNames.SequenceEnrollmentsTable);
        await oldRows.AddEntityAsync(new Azure.Data.Tables.TableEntity(id, halted.Id), None);
        await oldRows.AddEntityAsync(new Azure.Data.Tables.TableEntity(id, "abcdefghjkmn-0123456789"), None);
        var v2 = await SaveAsync(id, [Step("a", TimeSpan.Zero)]);

        Assert.Equal(0, await harness.Get<EnrollmentMover>().MoveAllAsync(v2, None));

        Assert.Equal(["abcdefghjkmn-0123456789"], await harness.Get<SequenceEnrollments>().ListAsync(id, None));
        Assert.Empty(await harness.Get<EnrollmentsByStatus>().ListActiveAsync(id, None));
        Assert.Equal(1, (await ReadAsync(halted.Id)).SequenceVersion);
    }

    [Fact]
    public async Task Dispatch_SendRacingAMoveThatRemovesTheStep_RecordsNothingAndTheNewNextStepStands()
    {
        var id = TestData.Id("seq");
        await SaveAsync(id, [Step("a", TimeSpan.Zero), Step("b", TimeSpan.FromDays(1))]);
        var enrollment = await EnrolledAsync(id);
        var v2 = await SaveAsync(id, [Step("b", TimeSpan.FromDays(1))]);
        Email.DuringSend = () => harness.Get<EnrollmentMover>().MoveAllAsync(v2, None);

        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 1, None);
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 2, None);

        Assert.Equal(1, Email.Sends);
        var stored = await ReadAsync(enrollment.Id);
        Assert.Equal(["b"], stored.Steps.Select(s => s.Id));
        Assert.Equal((2, StepStatus.Pending, 0), (stored.SequenceVersion, stored.Steps[0].Status, stored.NextStepIndex));
        Assert.True(await harness.Get<DueIndex>().ContainsAsync(new DueEntry(enrollment.Id, "b", 2, stored.Steps[0].DueUtc), None));
    }

    [Fact]
    public async Task Dispatch_SendRacingAMoveThatKeepsTheStep_RecordsItOnTheMovedStepAndNeverSendsItAgain()
    {
        var id = TestData.Id("seq");
        await SaveAsync(id, [Step("a", TimeSpan.Zero), Step("b", TimeSpan.FromDays(1))]);
        var enrollment = await EnrolledAsync(id);
        var v2 = await SaveAsync(id, [Step("intro", TimeSpan.Zero), Step("a", TimeSpan.Zero), Step("b", TimeSpan.FromHours(2))]);
        Email.DuringSend = () => harness.Get<EnrollmentMover>().MoveAllAsync(v2, None);

        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 1, None);
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 2), 1, None);
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "intro", 2), 1, None);

        Assert.Equal(1, Email.Sends);
        var stored = await ReadAsync(enrollment.Id);
        Assert.Equal(2, stored.SequenceVersion);
        Assert.Equal([StepStatus.Skipped, StepStatus.Sent, StepStatus.Pending], stored.Steps.Select(s => s.Status));
        Assert.Equal("b", stored.NextStep?.Id);
        Assert.Equal(enrollment.Steps[0].DueUtc + TimeSpan.FromHours(2), stored.Steps[2].DueUtc);
        Assert.True(await harness.Get<DueIndex>().ContainsAsync(new DueEntry(enrollment.Id, "b", 2, stored.Steps[2].DueUtc), None));
    }

    [Fact]
    public async Task Enroll_NeverReenrolls_RefusesAContactEnrolledBeforeEvenAfterItEnded()
    {
        var id = TestData.Id("seq");
        await SaveAsync(id, [Step("a", TimeSpan.FromDays(1))], ReenrollPolicy.Never);
        var email = TestData.Email();
        var first = await EnrolledAsync(id, email);
        await harness.Get<ReplyService>().HaltOnReplyAsync(first.ContactId, None);

        var result = await EnrollAsync(id, email);

        var refused = Assert.IsType<EnrollmentResult.AlreadyEnrolled>(result);
        Assert.True(refused.NeverReenrolls);
        Assert.Equal(first.Id, refused.EnrollmentId);
    }

    [Fact]
    public async Task Enroll_AfterCompletion_RefusesWhileActiveAndAllowsOnceEnded()
    {
        var id = TestData.Id("seq");
        await SaveAsync(id, [Step("a", TimeSpan.FromDays(1))]);
        var email = TestData.Email();
        var first = await EnrolledAsync(id, email);

        var whileActive = await EnrollAsync(id, email);
        await harness.Get<ReplyService>().HaltOnReplyAsync(first.ContactId, None);
        var afterEnd = await EnrollAsync(id, email);

        Assert.Equal(first.Id, Assert.IsType<EnrollmentResult.AlreadyEnrolled>(whileActive).EnrollmentId);
        Assert.NotEqual(first.Id, Assert.IsType<EnrollmentResult.Created>(afterEnd).Enrollment.EnrollmentId);
    }

    [Fact]
    public async Task Enroll_AlwaysReenrolls_HaltsTheActiveEnrollmentAndStartsANewOne()
    {
        var id = TestData.Id("seq");
        await SaveAsync(id, [Step("a", TimeSpan.FromDays(1))], ReenrollPolicy.Always);
        var email = TestData.Email();
        var first = await EnrolledAsync(id, email);

        var second = await EnrolledAsync(id, email);

        var old = await ReadAsync(first.Id);
        Assert.Equal((EnrollmentStatus.Halted, "reenrolled"), (old.Status, old.HaltReason));
        Assert.Contains(await TimelineAsync(first.Id), e => e.Kind == TimelineEventKind.Halted);
        Assert.Equal(EnrollmentStatus.Active, second.Status);
        Assert.Equal([second.Id], await harness.Get<EnrollmentsByStatus>().ListActiveAsync(id, None));
    }

    /// <summary>Saves a sequence of one email step due at once whose onComplete enrolls into a second one, and enrolls a contact (already in the second when it never re-enrolls).</summary>
    private async Task<(Sequence Next, Enrollment Enrollment)> ChainingAsync(ReenrollPolicy nextReenroll = ReenrollPolicy.AfterCompletion)
    {
        var next = await SaveAsync(TestData.Id("next"), [Step("n", TimeSpan.FromDays(1))], nextReenroll);
        var first = await SaveAsync(TestData.Id("seq"), [Step("a", TimeSpan.Zero)], onComplete: next.Id);
        var email = TestData.Email();
        if (nextReenroll == ReenrollPolicy.Never)
        {
            await EnrolledAsync(next.Id, email);
        }

        return (next, await EnrolledAsync(first.Id, email));
    }

    [Fact]
    public async Task Dispatch_LastStepCompletes_EnrollsIntoTheOnCompleteSequenceWithTheSameData()
    {
        var (next, enrollment) = await ChainingAsync();

        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 1, None);

        var chainedId = EnrollmentId.Derive(enrollment.ContactId, enrollment.Id);
        var chained = await ReadAsync(chainedId);
        Assert.Equal((next.Id, EnrollmentStatus.Active), (chained.SequenceId, chained.Status));
        Assert.Equal("kettle", chained.Data.GetProperty("product").GetString());
        var timeline = await TimelineAsync(enrollment.Id);
        Assert.Equal(TimelineEventKind.Chained, timeline[^1].Kind);
        Assert.Contains(chainedId, timeline[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_HaltedEnrollment_DoesNotChain()
    {
        var (next, enrollment) = await ChainingAsync();
        await harness.Get<ReplyService>().HaltOnReplyAsync(enrollment.ContactId, None);

        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 1, None);

        Assert.Equal(0, Email.Sends);
        Assert.Single(await Enrollments.ListAsync(enrollment.ContactId, None));
        Assert.DoesNotContain(await TimelineAsync(enrollment.Id), e => e.Kind == TimelineEventKind.Chained);
    }

    [Fact]
    public async Task Dispatch_FinalMessageRedeliveredAfterACrashBeforeChainingWasRecorded_ChainsOnce()
    {
        var (next, enrollment) = await ChainingAsync();
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 1, None);

        // As if the worker died after enrolling into the next sequence but before recording that it had.
        await Enrollments.UpdateAsync(enrollment.Id, e => { e.ChainedUtc = null; return true; }, None);
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 2, None);
        var chainedEvents = (await TimelineAsync(enrollment.Id)).Count(e => e.Kind == TimelineEventKind.Chained);
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 3, None);

        Assert.Equal(1, Email.Sends);
        Assert.Single(await Enrollments.ListAsync(enrollment.ContactId, None), e => e.SequenceId == next.Id);
        Assert.NotNull((await ReadAsync(enrollment.Id)).ChainedUtc);
        Assert.Equal(chainedEvents, (await TimelineAsync(enrollment.Id)).Count(e => e.Kind == TimelineEventKind.Chained));
    }

    [Fact]
    public async Task Chain_TargetNeverReenrolls_RecordsTheRefusalOnceAndEnrollsNothing()
    {
        var (next, enrollment) = await ChainingAsync(ReenrollPolicy.Never);
        var earlier = Assert.Single(await Enrollments.ListAsync(enrollment.ContactId, None), e => e.SequenceId == next.Id);

        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 1, None);
        await Dispatcher.DispatchAsync(Message(enrollment.Id, "a", 1), 2, None);

        Assert.Equal([earlier.Id], (await Enrollments.ListAsync(enrollment.ContactId, None)).Where(e => e.SequenceId == next.Id).Select(e => e.Id));
        var chained = Assert.Single(await TimelineAsync(enrollment.Id), e => e.Kind == TimelineEventKind.Chained);
        Assert.StartsWith($"Not enrolled into {next.Id}", chained.Detail, StringComparison.Ordinal);
    }
}
