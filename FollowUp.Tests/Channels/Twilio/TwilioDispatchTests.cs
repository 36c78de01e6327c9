using Azure.Storage.Queues.Models;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Scheduling;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Channels.Twilio;

/// <summary>The dispatcher sending SMS steps through the real Twilio channel to a fake Twilio, on Azurite.</summary>
public sealed class TwilioDispatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private TwilioEngine engine = null!;

    private FakeTwilio Twilio => engine.Twilio;

    private EngineHarness Harness => engine.Harness;

    public async Task InitializeAsync() => engine = await TwilioEngine.CreateAsync(azurite);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    private async Task<Enrollment> ReadAsync(Enrollment enrollment) => (await engine.ReadAsync(enrollment.Id))!;

    [Fact]
    public async Task Dispatch_Accepted_RecordsSentWithTheSid()
    {
        var enrollment = await engine.EnrollAsync(TestData.Phone(), "first");

        await engine.Dispatcher.DispatchAsync(TwilioEngine.Message(enrollment), 1, CancellationToken.None);

        var step = (await ReadAsync(enrollment)).Steps[0];
        Assert.Equal(StepStatus.Sent, step.Status);
        Assert.Equal(Twilio.Messages[0]["sid"], step.ProviderMessageId);
        Assert.Equal("Hi Ann, step first", FakeTwilio.Form(Assert.Single(Twilio.Posts))["Body"]);
    }

    [Fact]
    public async Task Dispatch_RecipientRepliedStop_OptsThePhoneOutSkipsWithoutRetryAndSkipsLaterSteps()
    {
        var phone = TestData.Phone();
        var enrollment = await engine.EnrollAsync(phone, "first", "second");
        Twilio.AnswerNextPost(() => FakeTwilio.Error(400, 21610, "Attempt to send to unsubscribed recipient"));

        await engine.Dispatcher.DispatchAsync(TwilioEngine.Message(enrollment, 0), 1, CancellationToken.None);

        var first = (await ReadAsync(enrollment)).Steps[0];
        Assert.Equal(StepStatus.Skipped, first.Status);
        Assert.Equal("Twilio 21610: Attempt to send to unsubscribed recipient", first.Detail);
        Assert.True(await Harness.Get<OptOutStore>().IsOptedOutAsync(AddressKey.Phone(phone), CancellationToken.None));
        var queued = (await Harness.ReceiveAllAsync()).Select(m => StepMessage.Parse(m.Body.ToString())).ToList();
        Assert.DoesNotContain(queued, m => m.StepId == "first");

        await engine.Dispatcher.DispatchAsync(TwilioEngine.Message(enrollment, 1), 1, CancellationToken.None);

        var second = (await ReadAsync(enrollment)).Steps[1];
        Assert.Equal(StepStatus.Skipped, second.Status);
        Assert.Equal("The phone number has opted out.", second.Detail);
        Assert.Single(Twilio.Posts);
    }

    [Fact]
    public async Task Dispatch_WorkerDiedAfterTwilioAccepted_NextDeliveryAfterTheLeaseRecordsSentWithoutPosting()
    {
        var phone = TestData.Phone();
        var enrollment = await engine.EnrollAsync(phone, "first");
        var key = new SendKey(enrollment.Id, "first");
        await Harness.Get<SendClaims>().TryAcquireAsync(key, Harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None);
        var sid = await Harness.Get<ISmsChannel>().SendAsync(new OutgoingSms(key, phone, "Hi Ann, step first"), CancellationToken.None).SentAsync();

        await engine.Dispatcher.DispatchAsync(TwilioEngine.Message(enrollment), 1, CancellationToken.None);
        Assert.Equal(StepStatus.Pending, (await ReadAsync(enrollment)).Steps[0].Status);
        Harness.Clock.Advance(TimeSpan.FromMinutes(3));
        await engine.Dispatcher.DispatchAsync(TwilioEngine.Message(enrollment), 1, CancellationToken.None);

        var step = (await ReadAsync(enrollment)).Steps[0];
        Assert.Equal(StepStatus.Sent, step.Status);
        Assert.Equal(sid, step.ProviderMessageId);
        Assert.Single(Twilio.Posts);
        Assert.Single(Twilio.Gets);
    }

    [Fact]
    public async Task Dispatch_ConnectionLostAfterTwilioAccepted_RetryFindsTheQueuedMessageWithoutPostingAgain()
    {
        var enrollment = await engine.EnrollAsync(TestData.Phone(), "first");
        Twilio.AcceptNextPostThenDropConnection();

        await engine.Dispatcher.DispatchAsync(TwilioEngine.Message(enrollment), 1, CancellationToken.None);
        Assert.Equal(StepStatus.Pending, (await ReadAsync(enrollment)).Steps[0].Status);
        Assert.Equal(1, await Harness.QueueLengthAsync());
        var retry = new StepMessage(enrollment.Id, "first", enrollment.SequenceVersion) { Attempt = 1 };
        await engine.Dispatcher.DispatchAsync(retry.ToJson(), 1, CancellationToken.None);

        var step = (await ReadAsync(enrollment)).Steps[0];
        Assert.Equal(StepStatus.Sent, step.Status);
        Assert.Equal(Twilio.Messages[0]["sid"], step.ProviderMessageId);
        Assert.Single(Twilio.Posts);
        Assert.Equal(1, Twilio.Created);
    }

    [Fact]
    public async Task Dispatch_ThrottledThenAccepted_RetriesAsANewQueueMessageAndIsAcceptedOnce()
    {
        var enrollment = await engine.EnrollAsync(TestData.Phone(), "first");
        Twilio.AnswerNextPost(() => FakeTwilio.TooManyRequests(retryAfter: "1"));

        await engine.Dispatcher.DispatchAsync(TwilioEngine.Message(enrollment), 1, CancellationToken.None);
        Assert.Equal(StepStatus.Pending, (await ReadAsync(enrollment)).Steps[0].Status);
        Assert.Equal(0, Twilio.Created);
        var retry = await ReceiveWhenVisibleAsync();
        Harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await engine.Dispatcher.DispatchAsync(retry.Body.ToString(), retry.DequeueCount, CancellationToken.None);

        var step = (await ReadAsync(enrollment)).Steps[0];
        Assert.Equal(StepStatus.Sent, step.Status);
        Assert.Equal(2, Twilio.Posts.Count());
        Assert.Equal(1, Twilio.Created);
        Assert.Equal(Twilio.Messages[0]["sid"], step.ProviderMessageId);
    }

    /// <summary>Waits (on the storage service's clock) for the one message that was put back on the queue with a delay.</summary>
    private async Task<QueueMessage> ReceiveWhenVisibleAsync()
    {
        Assert.Equal(1, await Harness.QueueLengthAsync());
        for (var poll = 0; poll < 50; poll++)
        {
            if (await Harness.ReceiveAllAsync() is [var message])
            {
                return message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException("The retry never became visible on the queue.");
    }
}
