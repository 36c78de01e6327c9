using System.Text.Json;
using FollowUp.Engine.Caps;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Dispatch;

public sealed class StepDispatcherTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    private CountingEmailChannel Email => harness.Get<CountingEmailChannel>();

    private StepDispatcher Dispatcher => harness.Get<StepDispatcher>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, CountingEmailChannel.Register);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private Task<Enrollment> EnrollAsync(params SequenceStep[] steps) => EnrollAsync(harness, steps);

    /// <summary>Saves a sequence whose first step is due at once and enrolls a new contact through <paramref name="engine"/>; returns the enrollment.</summary>
    private static async Task<Enrollment> EnrollAsync(EngineHarness engine, params SequenceStep[] steps)
    {
        var sequence = await engine.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", steps.Length > 0 ? steps : [EmailStep("first", TimeSpan.Zero), EmailStep("second", TimeSpan.FromDays(3))], new StopRules(true), engine.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await engine.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("""{"product":"kettle"}""")),
            CancellationToken.None)).Enrollment;
        return (await engine.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
    }

    private static SequenceStep EmailStep(string id, TimeSpan after) =>
        new(id, after, StepChannel.Email, "Hi {{ contact.firstName }}", "About the {{ data.product }}", "<p>{{ data.product }}</p>");

    private static string Message(Enrollment enrollment, int step = 0) =>
        new StepMessage(enrollment.Id, enrollment.Steps[step].Id, enrollment.SequenceVersion).ToJson();

    private async Task<Enrollment> ReadAsync(Enrollment enrollment) =>
        (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!;

    [Fact]
    public async Task Dispatch_DueStep_SendsRenderedEmailAndSchedulesTheNext()
    {
        var enrollment = await EnrollAsync();

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Sent, stored.Steps[0].Status);
        Assert.NotNull(stored.Steps[0].ProviderMessageId);
        Assert.Equal(1, stored.NextStepIndex);
        var next = new DueEntry(enrollment.Id, "second", enrollment.SequenceVersion, enrollment.Steps[1].DueUtc);
        Assert.True(await harness.Get<DueIndex>().ContainsAsync(next, CancellationToken.None));
        var eml = await File.ReadAllTextAsync(Assert.Single(harness.Outbox.Files("*.eml")));
        Assert.Contains("Subject: Hi Ann", eml, StringComparison.Ordinal);
        Assert.Contains("About the kettle", eml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_LastStep_TimelineShowsTheSendThenTheCompletionAtTheSameInstant()
    {
        var enrollment = await EnrollAsync(EmailStep("only", TimeSpan.Zero));

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        var events = (await harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None))
            .Where(e => e.Kind is TimelineEventKind.Sent or TimelineEventKind.Completed).ToList();
        Assert.Equal([TimelineEventKind.Sent, TimelineEventKind.Completed], events.Select(e => e.Kind));
        Assert.Equal(events[0].AtUtc, events[1].AtUtc);
        Assert.Equal(EnrollmentStatus.Completed, (await ReadAsync(enrollment)).Status);
    }

    [Fact]
    public async Task Dispatch_SameMessageTwiceAndConcurrently_SendsOnce()
    {
        var enrollment = await EnrollAsync();
        var message = Message(enrollment);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Dispatcher.DispatchAsync(message, 1, CancellationToken.None)));
        await Dispatcher.DispatchAsync(message, 2, CancellationToken.None);

        Assert.Equal(1, Email.Sends);
        Assert.Single(harness.Outbox.Files("*.eml"));
        Assert.Equal(StepStatus.Sent, (await ReadAsync(enrollment)).Steps[0].Status);
    }

    [Fact]
    public async Task Dispatch_SentThenRedelivered_KeepsTheOneCapRowAndSendsOnce()
    {
        var enrollment = await EnrollAsync();
        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);
        var sends = harness.Storage.Table(StorageNames.EnrollmentsTable);
        var row = Assert.Single(await sends.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {enrollment.ContactId} and RowKey ge {ContactCap.RowPrefix} and RowKey lt {ContactCap.RowPrefix + "~"}")).ToListAsync());

        await Dispatcher.DispatchAsync(Message(enrollment), 2, CancellationToken.None);

        Assert.Equal(1, Email.Sends);
        var again = Assert.Single(await sends.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {enrollment.ContactId} and RowKey ge {ContactCap.RowPrefix} and RowKey lt {ContactCap.RowPrefix + "~"}")).ToListAsync());
        Assert.Equal((row.RowKey, row.ETag), (again.RowKey, again.ETag));
    }

    [Fact]
    public async Task Dispatch_HaltedEnrollment_IsNotSent()
    {
        var enrollment = await EnrollAsync();
        await harness.Get<ReplyService>().HaltOnReplyAsync(enrollment.ContactId, CancellationToken.None);

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        Assert.Equal(0, Email.Sends);
        var stored = await ReadAsync(enrollment);
        Assert.Equal(EnrollmentStatus.Halted, stored.Status);
        Assert.All(stored.Steps, step => Assert.Equal(StepStatus.Skipped, step.Status));
    }

    [Fact]
    public async Task Dispatch_CrashAfterProviderAccepted_RetryRecordsWithoutSendingAgain()
    {
        var enrollment = await EnrollAsync();
        Email.FailAfterAccepting = new HttpRequestException("connection reset after the provider accepted");

        await Assert.ThrowsAsync<HttpRequestException>(() => Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None));
        await Dispatcher.DispatchAsync(Message(enrollment), 2, CancellationToken.None);

        Assert.Equal(1, Email.Sends);
        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Sent, stored.Steps[0].Status);
        Assert.Equal(1, stored.NextStepIndex);
    }

    [Fact]
    public async Task Dispatch_FailureBeforeSending_RetrySendsOnce()
    {
        var enrollment = await EnrollAsync();
        Email.FailBeforeSending = new HttpRequestException("provider unreachable");

        await Assert.ThrowsAsync<HttpRequestException>(() => Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None));
        Assert.Equal(StepStatus.Pending, (await ReadAsync(enrollment)).Steps[0].Status);
        await Dispatcher.DispatchAsync(Message(enrollment), 2, CancellationToken.None);

        Assert.Equal(1, Email.Sends);
        Assert.Equal(StepStatus.Sent, (await ReadAsync(enrollment)).Steps[0].Status);
    }

    [Fact]
    public async Task Dispatch_ClaimHeldByLiveWorker_WaitsForItsLeaseThenSendsOnce()
    {
        var enrollment = await EnrollAsync();
        await harness.Storage.StepQueue.ClearMessagesAsync();
        var key = new SendKey(enrollment.Id, "first");
        await harness.Get<SendClaims>().TryAcquireAsync(key, harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);
        Assert.Equal(0, Email.Sends);
        Assert.Equal(1, await harness.QueueLengthAsync());

        harness.Clock.Advance(TimeSpan.FromMinutes(3));
        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        Assert.Equal(1, Email.Sends);
        Assert.Equal(StepStatus.Sent, (await ReadAsync(enrollment)).Steps[0].Status);
    }

    [Fact]
    public async Task Dispatch_PermanentRefusal_FailsStepWithReasonAndMovesOn()
    {
        var enrollment = await EnrollAsync();
        Email.AnswerBeforeSending = SendResult.Refused("The mailbox does not exist.");

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Failed, stored.Steps[0].Status);
        Assert.Equal("The mailbox does not exist.", stored.Steps[0].Detail);
        Assert.Equal(1, stored.NextStepIndex);
        Assert.Equal(EnrollmentStatus.Active, stored.Status);
    }

    [Fact]
    public async Task Dispatch_SmsStepForContactWithoutPhone_IsSkippedWithReason()
    {
        var enrollment = await EnrollAsync(new SequenceStep("text", TimeSpan.Zero, StepChannel.Sms, null, "Hi", null));

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Skipped, stored.Steps[0].Status);
        Assert.Equal("The contact has no phone number.", stored.Steps[0].Detail);
        Assert.Equal(EnrollmentStatus.Completed, stored.Status);
    }

    [Fact]
    public async Task Dispatch_MessageForFutureStep_GoesBackOnTheQueue()
    {
        var enrollment = await EnrollAsync(EmailStep("later", TimeSpan.FromHours(2)));
        await harness.Storage.StepQueue.ClearMessagesAsync();

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        Assert.Equal(0, Email.Sends);
        Assert.Equal(1, await harness.QueueLengthAsync());
        Assert.Empty(await harness.ReceiveAllAsync());
    }

    [Fact]
    public async Task Dispatch_ProviderThrottles_WaitsAsNewMessageThenSendsOnce()
    {
        var enrollment = await EnrollAsync();
        await harness.Storage.StepQueue.ClearMessagesAsync();
        Email.AnswerBeforeSending = SendResult.Throttled("429 Too Many Requests", TimeSpan.FromSeconds(1));

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        Assert.Equal(StepStatus.Pending, (await ReadAsync(enrollment)).Steps[0].Status);
        var claim = await harness.Get<SendClaims>().GetAsync(new SendKey(enrollment.Id, "first"), CancellationToken.None);
        Assert.Equal(ClaimStatus.Sending, claim!.Status);
        Assert.True(claim.LeaseUntilUtc <= harness.Clock.GetUtcNow());
        Assert.Empty(await harness.ReceiveAllAsync());
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var retry = Assert.Single(await harness.ReceiveAllAsync());
        Assert.Equal(1, retry.DequeueCount);

        await Dispatcher.DispatchAsync(retry.Body.ToString(), retry.DequeueCount, CancellationToken.None);

        Assert.Equal(1, Email.Sends);
        Assert.Equal(StepStatus.Sent, (await ReadAsync(enrollment)).Steps[0].Status);
    }

    [Fact]
    public async Task Dispatch_ProviderUnavailable_ReleasesClaimAndRetriesLaterWithoutFailingTheStep()
    {
        var enrollment = await EnrollAsync();
        await harness.Storage.StepQueue.ClearMessagesAsync();
        Email.AnswerBeforeSending = SendResult.Unavailable("503 Service Unavailable");

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Pending, stored.Steps[0].Status);
        var claim = await harness.Get<SendClaims>().GetAsync(new SendKey(enrollment.Id, "first"), CancellationToken.None);
        Assert.Equal(ClaimStatus.Sending, claim!.Status);
        Assert.True(claim.LeaseUntilUtc <= harness.Clock.GetUtcNow());
        Assert.Equal(1, await harness.QueueLengthAsync());
        Assert.Empty(await harness.ReceiveAllAsync());
    }

    [Fact]
    public async Task Dispatch_ProviderUnavailableOnLastAttempt_FailsTheStepWithTheReason()
    {
        var enrollment = await EnrollAsync();
        Email.AnswerBeforeSending = SendResult.Unavailable("503 Service Unavailable");
        var last = new StepMessage(enrollment.Id, "first", enrollment.SequenceVersion) { Attempt = RetryPolicy.ProviderOutage.MaxAttempts - 1 };

        await Dispatcher.DispatchAsync(last.ToJson(), 1, CancellationToken.None);

        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Failed, stored.Steps[0].Status);
        Assert.Equal($"The provider was unavailable for {RetryPolicy.ProviderOutage.MaxAttempts} attempts: 503 Service Unavailable", stored.Steps[0].Detail);
        Assert.Equal(1, stored.NextStepIndex);
    }

    [Fact]
    public async Task Dispatch_LastAttemptAcceptedDespiteTheError_IsRecordedAsSent()
    {
        var enrollment = await EnrollAsync();
        Email.AnswerAfterAccepting = SendResult.Unavailable("timed out after the provider accepted");
        var last = new StepMessage(enrollment.Id, "first", enrollment.SequenceVersion) { Attempt = RetryPolicy.ProviderOutage.MaxAttempts - 1 };

        await Dispatcher.DispatchAsync(last.ToJson(), 1, CancellationToken.None);

        Assert.Equal(1, Email.Sends);
        Assert.Equal(StepStatus.Sent, (await ReadAsync(enrollment)).Steps[0].Status);
    }

    [Fact]
    public async Task Dispatch_ProviderCannotSayWhetherItSent_SendsNothingAndAsksAgainLater()
    {
        var enrollment = await EnrollAsync();
        await harness.Storage.StepQueue.ClearMessagesAsync();
        await harness.Get<SendClaims>().TryAcquireAsync(new SendKey(enrollment.Id, "first"), harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromMinutes(3));
        Email.FailFindingSent = new ProviderUnavailableException("503 Service Unavailable");

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        Assert.Equal(0, Email.Sends);
        Assert.Equal(StepStatus.Pending, (await ReadAsync(enrollment)).Steps[0].Status);
        Assert.Equal(1, await harness.QueueLengthAsync());
    }

    [Fact]
    public async Task Dispatch_OptedOutAddress_IsSkippedWithoutSending()
    {
        var enrollment = await EnrollAsync();
        var contact = await harness.Get<ContactStore>().GetAsync(enrollment.ContactId, CancellationToken.None);
        await harness.Get<OptOutStore>().AddAsync(AddressKey.Email(contact!.Email!), "test", harness.Clock.GetUtcNow(), CancellationToken.None);

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        Assert.Equal(0, Email.Sends);
        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Skipped, stored.Steps[0].Status);
        Assert.Equal("The email address has opted out.", stored.Steps[0].Detail);
    }

    [Fact]
    public async Task Dispatch_RecipientOptedOutWithProvider_SkipsAndRemembersTheOptOut()
    {
        var enrollment = await EnrollAsync();
        Email.AnswerBeforeSending = SendResult.OptedOut("The recipient unsubscribed.");

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        var stored = await ReadAsync(enrollment);
        Assert.Equal(StepStatus.Skipped, stored.Steps[0].Status);
        Assert.Equal("The recipient unsubscribed.", stored.Steps[0].Detail);
        var contact = await harness.Get<ContactStore>().GetAsync(enrollment.ContactId, CancellationToken.None);
        Assert.True(await harness.Get<OptOutStore>().IsOptedOutAsync(AddressKey.Email(contact!.Email!), CancellationToken.None));
    }

    [Fact]
    public async Task Dispatch_OverTheRateLimit_WaitsOnTheQueueForItsSlotThenSends()
    {
        await using var limited = await EngineHarness.CreateAsync(
            azurite,
            settings: new Dictionary<string, string?> { ["FollowUp:Email:RateLimits:0:Count"] = "1", ["FollowUp:Email:RateLimits:0:Window"] = "00:10:00" });
        var first = await EnrollAsync(limited);
        var second = await EnrollAsync(limited);
        await limited.Storage.StepQueue.ClearMessagesAsync();
        var dispatcher = limited.Get<StepDispatcher>();

        await dispatcher.DispatchAsync(Message(first), 1, CancellationToken.None);
        await dispatcher.DispatchAsync(Message(second), 1, CancellationToken.None);

        Assert.Equal(StepStatus.Sent, (await limited.Get<EnrollmentStore>().GetAsync(first.Id, CancellationToken.None))!.Steps[0].Status);
        Assert.Equal(StepStatus.Pending, (await limited.Get<EnrollmentStore>().GetAsync(second.Id, CancellationToken.None))!.Steps[0].Status);
        Assert.Equal(1, await limited.QueueLengthAsync());

        // The message put back carries its slot; delivered at that time, it is sent without reserving again.
        var slot = limited.Clock.GetUtcNow() + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1);
        limited.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var waited = new StepMessage(second.Id, "first", second.SequenceVersion) { SlotUtc = slot };
        await dispatcher.DispatchAsync(waited.ToJson(), 1, CancellationToken.None);

        Assert.Equal(StepStatus.Sent, (await limited.Get<EnrollmentStore>().GetAsync(second.Id, CancellationToken.None))!.Steps[0].Status);
        Assert.Equal(2, limited.Outbox.Files("*.eml").Count());
    }

    [Fact]
    public async Task Dispatch_ReplyArrivingDuringTheSend_KeepsThatStepSentAndHaltsEverythingAfter()
    {
        var enrollment = await EnrollAsync(EmailStep("first", TimeSpan.Zero), EmailStep("second", TimeSpan.Zero), EmailStep("third", TimeSpan.Zero));
        Email.DuringSend = () => harness.Get<ReplyService>().HaltOnReplyAsync(enrollment.ContactId, CancellationToken.None);

        await Dispatcher.DispatchAsync(Message(enrollment, 0), 1, CancellationToken.None);
        await Dispatcher.DispatchAsync(Message(enrollment, 1), 1, CancellationToken.None);
        await Dispatcher.DispatchAsync(Message(enrollment, 2), 1, CancellationToken.None);

        var stored = await ReadAsync(enrollment);
        Assert.Equal(EnrollmentStatus.Halted, stored.Status);
        Assert.Equal([StepStatus.Sent, StepStatus.Skipped, StepStatus.Skipped], stored.Steps.Select(s => s.Status));
        Assert.Equal(1, Email.Sends);
        Assert.False(await harness.Get<DueIndex>().ContainsAsync(new DueEntry(enrollment.Id, "second", enrollment.SequenceVersion, stored.Steps[1].DueUtc), CancellationToken.None));
    }

    [Fact]
    public async Task Dispatch_SendOutlastsTheClaimLease_TheLeaseIsRenewedAndADuplicateMessageDoesNotSendAgain()
    {
        var enrollment = await EnrollAsync();
        var key = new SendKey(enrollment.Id, "first");
        var sendsDuringTheDuplicate = -1;
        Email.BeforeSending = async () =>
        {
            // The provider holds the send for longer than a lease, with no trace of it meanwhile.
            await ClaimLeases.OutlastAsync(harness, key);

            await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);
            sendsDuringTheDuplicate = Email.Sends;
        };
        var claimedAt = harness.Clock.GetUtcNow();

        await Dispatcher.DispatchAsync(Message(enrollment), 1, CancellationToken.None);

        Assert.Equal(0, sendsDuringTheDuplicate);
        Assert.Equal(1, Email.Sends);
        var claim = await harness.Get<SendClaims>().GetAsync(key, CancellationToken.None);
        Assert.Equal((ClaimStatus.Sent, claimedAt), (claim!.Status, claim.ClaimedUtc));
        Assert.Equal(StepStatus.Sent, (await ReadAsync(enrollment)).Steps[0].Status);
    }

    [Fact]
    public async Task Dispatch_HaltWhileWaitingForTheRateLimitSlot_SendsNothing()
    {
        await using var limited = await EngineHarness.CreateAsync(
            azurite,
            CountingEmailChannel.Register,
            new Dictionary<string, string?> { ["FollowUp:Email:RateLimits:0:Count"] = "1", ["FollowUp:Email:RateLimits:0:Window"] = "00:00:02" });
        var first = await EnrollAsync(limited);
        var second = await EnrollAsync(limited);
        var dispatcher = limited.Get<StepDispatcher>();
        await dispatcher.DispatchAsync(Message(first), 1, CancellationToken.None);

        var waiting = dispatcher.DispatchAsync(Message(second), 1, CancellationToken.None);

        // Once a slot in the future is reserved, the dispatcher has read the enrollment as active and waits for that slot.
        var limits = limited.Storage.Table(StorageNames.RateLimitsTable);
        await LocalAppFixture.EventuallyAsync(
            async () => (await limits.QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync())
                .Any(row => row.GetBinary("Slots") is { Length: >= sizeof(long) } slots && BitConverter.ToInt64(slots, slots.Length - sizeof(long)) > limited.Clock.GetUtcNow().UtcTicks),
            TimeSpan.FromSeconds(10),
            "the second send has its slot");
        await limited.Get<ReplyService>().HaltOnReplyAsync(second.ContactId, CancellationToken.None);
        while (!waiting.IsCompleted)
        {
            limited.Clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(waiting, Task.Delay(50));
        }

        await waiting;
        Assert.Equal(1, limited.Get<CountingEmailChannel>().Sends);
        var claim = await limited.Get<SendClaims>().GetAsync(new SendKey(second.Id, "first"), CancellationToken.None);
        Assert.Equal(ClaimStatus.Skipped, claim!.Status);
        Assert.Equal(EnrollmentStatus.Halted, (await limited.Get<EnrollmentStore>().GetAsync(second.Id, CancellationToken.None))!.Status);
    }

    /// <summary>Enrolls the contact with this email in a new sequence of the given steps.</summary>
    private async Task<Enrollment> EnrollContactAsync(string email, params SequenceStep[] steps)
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("seq"), 0, "Test", steps, new StopRules(true), harness.Clock.GetUtcNow()), CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(email, null, "Ann", null, null), null), CancellationToken.None)).Enrollment;
        return (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
    }

    [Fact]
    public async Task Dispatch_ContactCappedByOtherSequences_PostponesTheStepAndItsFollowersUntilItFits()
    {
        var email = TestData.Email();
        var busy = await EnrollContactAsync(email, EmailStep("a", TimeSpan.Zero), EmailStep("b", TimeSpan.Zero));
        var other = await EnrollContactAsync(email, EmailStep("first", TimeSpan.Zero), EmailStep("second", TimeSpan.FromHours(2)));
        await Dispatcher.DispatchAsync(Message(busy, 0), 1, CancellationToken.None);
        var firstSent = harness.Clock.GetUtcNow();
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await Dispatcher.DispatchAsync(Message(busy, 1), 1, CancellationToken.None);
        await harness.Storage.StepQueue.ClearMessagesAsync();

        await Dispatcher.DispatchAsync(Message(other, 0), 1, CancellationToken.None);

        var postponed = await ReadAsync(other);
        Assert.Equal(StepStatus.Pending, postponed.Steps[0].Status);
        Assert.Equal(firstSent + TimeSpan.FromHours(24), postponed.Steps[0].DueUtc);
        Assert.Equal(postponed.Steps[0].DueUtc + TimeSpan.FromHours(2), postponed.Steps[1].DueUtc);
        Assert.Equal(2, Email.Sends);
        Assert.Equal(1, await harness.QueueLengthAsync());
        var delayed = Assert.Single(await harness.Get<Engine.Timeline.TimelineStore>().ListAsync(other.Id, CancellationToken.None), e => e.Kind == Engine.Timeline.TimelineEventKind.DelayedByCap);
        Assert.Equal("first", delayed.StepId);

        harness.Clock.Advance(TimeSpan.FromHours(24));
        await Dispatcher.DispatchAsync(Message(other, 0), 1, CancellationToken.None);

        Assert.Equal(StepStatus.Sent, (await ReadAsync(other)).Steps[0].Status);
        Assert.Equal(3, Email.Sends);
    }

    [Fact]
    public async Task Dispatch_OwnSequencesMessages_NeverCountAgainstTheCap()
    {
        var enrollment = await EnrollAsync(EmailStep("a", TimeSpan.Zero), EmailStep("b", TimeSpan.Zero), EmailStep("c", TimeSpan.Zero));

        for (var step = 0; step < 3; step++)
        {
            await Dispatcher.DispatchAsync(Message(enrollment, step), 1, CancellationToken.None);
        }

        Assert.Equal(3, Email.Sends);
        Assert.Equal(EnrollmentStatus.Completed, (await ReadAsync(enrollment)).Status);
    }

    [Fact]
    public async Task Dispatch_EnrollmentNotStoredYetOfAnExistingContact_ThrowsSoTheQueueRetries()
    {
        // An enrollment's first step is scheduled after its contact is stored and before the enrollment is.
        var contact = await harness.Get<ContactStore>().FindOrCreateAsync(new ContactRequest(TestData.Email(), null, null, null, null), CancellationToken.None)
            ?? throw new InvalidOperationException("A new contact cannot be under erasure.");

        await Assert.ThrowsAsync<StepNotReadyException>(() =>
            Dispatcher.DispatchAsync(new StepMessage(EnrollmentId.Create(contact.Id), "first", 1).ToJson(), 1, CancellationToken.None));
    }

    [Fact]
    public async Task Dispatch_EnrollmentOfAContactThatIsGone_IsDropped()
    {
        await Dispatcher.DispatchAsync(new StepMessage("abcdefghjkmn-0123456789", "first", 1).ToJson(), 1, CancellationToken.None);

        Assert.Equal(0, Email.Sends);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"enrollmentId":"","stepId":"x","sequenceVersion":1}""")]
    public async Task Dispatch_MalformedMessage_ThrowsFormatException(string body)
    {
        await Assert.ThrowsAsync<FormatException>(() => Dispatcher.DispatchAsync(body, 1, CancellationToken.None));
    }

    [Fact]
    public void StepMessage_RoundTripsThroughJson()
    {
        var message = new StepMessage("abcdefghjkmn-0123456789", "thanks", 3);

        Assert.Equal(message, StepMessage.Parse(message.ToJson()));
        Assert.Equal("""{"v":1,"enrollmentId":"abcdefghjkmn-0123456789","stepId":"thanks","sequenceVersion":3}""", message.ToJson());
    }
}
