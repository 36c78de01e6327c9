using System.Text.Json;
using Azure.Storage.Queues.Models;
using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Channels.Acs;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Channels.Acs;

/// <summary>The dispatcher sending through the ACS channel to a fake ACS, on Azurite: throttling, crashes and delivery reports.</summary>
public sealed class AcsDispatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly CapturedLogs logs = new();
    private FakeAcs acs = null!;
    private EngineHarness harness = null!;

    private StepDispatcher Dispatcher => harness.Get<StepDispatcher>();

    public async Task InitializeAsync()
    {
        acs = await FakeAcs.StartAsync();
        harness = await EngineHarness.CreateAsync(azurite, services => services.AddLogging(logging => logging.AddProvider(logs)), new Dictionary<string, string?>
        {
            ["FollowUp:Email:Provider"] = "acs",
            ["FollowUp:Acs:Endpoint"] = acs.Endpoint.AbsoluteUri,
            ["FollowUp:Acs:AccessKey"] = FakeAcs.AccessKey,
            ["FollowUp:Email:RateLimits:0:Count"] = "1000",
            ["FollowUp:Email:RateLimits:0:Window"] = "00:01:00",
            ["FollowUp:Http:RetryDelay"] = "00:00:00.001",
        });
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await acs.DisposeAsync();
    }

    /// <summary>Enrolls a new contact in a one-email sequence due at once, and empties the queue of what enrolling put there.</summary>
    private async Task<(Enrollment Enrollment, string Message)> EnrollAsync()
    {
        var sequence = await harness.Get<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("acs"), 0, "ACS", [new SequenceStep("hello", TimeSpan.Zero, StepChannel.Email, "Hi {{ contact.firstName }}", "Hello", "<p>Hello</p>")], new StopRules(true), harness.Clock.GetUtcNow()),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await harness.Get<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}")),
            CancellationToken.None)).Enrollment;
        await harness.Storage.StepQueue.ClearMessagesAsync();
        var enrollment = (await harness.Get<EnrollmentStore>().GetAsync(created.EnrollmentId, CancellationToken.None))!;
        return (enrollment, new StepMessage(enrollment.Id, "hello", enrollment.SequenceVersion).ToJson());
    }

    private async Task<EnrollmentStep> StepOfAsync(Enrollment enrollment) =>
        (await harness.Get<EnrollmentStore>().GetAsync(enrollment.Id, CancellationToken.None))!.Steps[0];

    /// <summary>Waits for a message to become visible on the step queue; queue delays run on Azurite's real clock.</summary>
    private async Task<QueueMessage> ReceiveNextAsync()
    {
        for (var tries = 0; tries < 50; tries++)
        {
            if ((await harness.ReceiveAllAsync()).SingleOrDefault() is { } message)
            {
                return message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No message became visible on the step queue.");
    }

    [Fact]
    public async Task Dispatch_ThrottledThenAccepted_SendsOnceThroughANewQueueMessage()
    {
        var (enrollment, message) = await EnrollAsync();
        acs.AnswerNext(FakeAcs.Error(429, "TooManyRequests", "Slow down.", ("Retry-After", "1")));

        await Dispatcher.DispatchAsync(message, 1, CancellationToken.None);

        Assert.Equal(StepStatus.Pending, (await StepOfAsync(enrollment)).Status);
        var claim = await harness.Get<SendClaims>().GetAsync(new SendKey(enrollment.Id, "hello"), CancellationToken.None);
        Assert.Equal(ClaimStatus.Sending, claim!.Status);
        Assert.True(claim.LeaseUntilUtc <= harness.Clock.GetUtcNow());
        var retry = await ReceiveNextAsync();
        Assert.Equal(1, retry.DequeueCount);
        Assert.Equal(StepMessage.Parse(message), StepMessage.Parse(retry.Body.ToString()));

        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await Dispatcher.DispatchAsync(retry.Body.ToString(), retry.DequeueCount, CancellationToken.None);

        var step = await StepOfAsync(enrollment);
        Assert.Equal(StepStatus.Sent, step.Status);
        Assert.Equal(AcsOperationId.For(new SendKey(enrollment.Id, "hello")), step.ProviderMessageId);
        Assert.Equal(2, acs.Sends.Count);
        Assert.Equal(1, acs.AcceptedOperations);
        Assert.Empty(acs.AuthenticationFailures);
    }

    [Fact]
    public async Task Dispatch_AnswerLostThenThrottled_RetryFindsTheAcceptedOperationAndDoesNotSendAgain()
    {
        var (enrollment, message) = await EnrollAsync();
        acs.DropNextResponses(1);
        acs.AfterAccepting = () =>
        {
            // ACS sent the email; its answer is lost, and the client's repeat of the request is throttled.
            acs.AfterAccepting = null;
            acs.AnswerNext(FakeAcs.Error(429, "TooManyRequests", "Slow down.", ("Retry-After", "1")));
        };

        await Dispatcher.DispatchAsync(message, 1, CancellationToken.None);

        Assert.Equal(StepStatus.Pending, (await StepOfAsync(enrollment)).Status);
        var retry = await ReceiveNextAsync();
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await Dispatcher.DispatchAsync(retry.Body.ToString(), retry.DequeueCount, CancellationToken.None);

        Assert.Equal(StepStatus.Sent, (await StepOfAsync(enrollment)).Status);
        Assert.Equal(1, acs.EmailsSent);
        Assert.Equal(2, acs.Sends.Count);
    }

    [Fact]
    public async Task Dispatch_CrashAfterAcsAccepted_NextDeliveryAsksAcsAndRecordsWithoutSendingAgain()
    {
        var (enrollment, message) = await EnrollAsync();
        using var crash = new CancellationTokenSource();
        acs.AfterAccepting = crash.Cancel;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Dispatcher.DispatchAsync(message, 1, crash.Token));

        acs.AfterAccepting = null;
        var key = new SendKey(enrollment.Id, "hello");
        Assert.Equal(1, acs.AcceptedOperations);
        Assert.Equal(StepStatus.Pending, (await StepOfAsync(enrollment)).Status);
        Assert.Equal(ClaimStatus.Sending, (await harness.Get<SendClaims>().GetAsync(key, CancellationToken.None))!.Status);

        harness.Clock.Advance(harness.Get<IOptions<FollowUpOptions>>().Value.SendLease + TimeSpan.FromSeconds(1));
        await Dispatcher.DispatchAsync(message, 2, CancellationToken.None);

        var step = await StepOfAsync(enrollment);
        Assert.Equal(StepStatus.Sent, step.Status);
        Assert.Equal(AcsOperationId.For(key), step.ProviderMessageId);
        Assert.Single(acs.Sends);
        Assert.Equal($"/emails/operations/{AcsOperationId.For(key)}?api-version=2025-09-01", Assert.Single(acs.Reads).PathAndQuery);
    }

    [Fact]
    public async Task Dispatch_AnswersLostBeforeTheOperationShows_RetryRepeatsTheFirstRequestAndTheEmailGoesOnce()
    {
        var (enrollment, message) = await EnrollAsync();
        acs.Clock = harness.Clock.GetUtcNow;
        acs.HideOperations = true;
        acs.DropNextResponses(4);

        await Dispatcher.DispatchAsync(message, 1, CancellationToken.None);

        Assert.Equal(StepStatus.Pending, (await StepOfAsync(enrollment)).Status);
        Assert.Equal(1, await harness.QueueLengthAsync());
        harness.Clock.Advance(TimeSpan.FromSeconds(31));
        await Dispatcher.DispatchAsync((StepMessage.Parse(message) with { Attempt = 1 }).ToJson(), 1, CancellationToken.None);

        Assert.Equal(StepStatus.Sent, (await StepOfAsync(enrollment)).Status);
        Assert.Equal(1, acs.EmailsSent);
        Assert.Equal(5, acs.Sends.Count);
        var firstSent = Assert.Single(acs.Sends.Select(send => (Id: send.Headers["Repeatability-Request-Id"], FirstSent: send.Headers["Repeatability-First-Sent"])).Distinct()).FirstSent;
        var claim = await harness.Get<SendClaims>().GetAsync(new SendKey(enrollment.Id, "hello"), CancellationToken.None);
        Assert.Equal(claim!.FirstSentUtc.ToString("r", System.Globalization.CultureInfo.InvariantCulture), firstSent);
    }

    [Fact]
    public async Task Dispatch_LeaseRanOutWhileSending_TheWorkerThatTookOverRecordsAndTheFirstIsRefused()
    {
        var (enrollment, message) = await EnrollAsync();
        var lease = harness.Get<IOptions<FollowUpOptions>>().Value.SendLease;
        DateTimeOffset? takenOverAt = null;
        acs.AfterAccepting = () =>
        {
            acs.AfterAccepting = null;
            harness.Clock.Advance(lease + TimeSpan.FromSeconds(1));
            takenOverAt = harness.Clock.GetUtcNow();
            Dispatcher.DispatchAsync(message, 2, CancellationToken.None).GetAwaiter().GetResult();
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
        };

        await Dispatcher.DispatchAsync(message, 1, CancellationToken.None);

        var key = new SendKey(enrollment.Id, "hello");
        var claim = await harness.Get<SendClaims>().GetAsync(key, CancellationToken.None);
        Assert.Equal(ClaimStatus.Sent, claim!.Status);
        Assert.Equal(takenOverAt, claim.CompletedUtc);
        Assert.Equal(StepStatus.Sent, (await StepOfAsync(enrollment)).Status);
        Assert.Single(await harness.Get<TimelineStore>().ListAsync(enrollment.Id, CancellationToken.None), entry => entry.Kind == TimelineEventKind.Sent);
        Assert.Equal(1, acs.EmailsSent);
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Text.Contains("was taken over after its lease ended", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Succeeded", "succeeded", null)]
    [InlineData("Failed", "failed", "EmailDropped: Email was dropped after several attempts to deliver.")]
    public async Task Dispatch_DeliveryCheckAfterSent_RecordsWhatAcsReports(string status, string expectedDelivery, string? expectedDetail)
    {
        var (enrollment, message) = await EnrollAsync();
        await Dispatcher.DispatchAsync(message, 1, CancellationToken.None);
        Assert.Equal(StepStatus.Sent, (await StepOfAsync(enrollment)).Status);
        Assert.Equal(1, await harness.QueueLengthAsync());
        acs.OperationStatus = status;
        acs.OperationError = ("EmailDropped", "Email was dropped after several attempts to deliver.");

        var check = StepMessage.Parse(message) with { CheckDelivery = true };
        await Dispatcher.DispatchAsync(check.ToJson(), 1, CancellationToken.None);

        var step = await StepOfAsync(enrollment);
        Assert.Equal(expectedDelivery, step.Delivery);
        Assert.Equal(expectedDetail, step.DeliveryDetail);
        Assert.Equal(StepStatus.Sent, step.Status);
    }
}
