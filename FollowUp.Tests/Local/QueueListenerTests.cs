using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Local;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FollowUp.Tests.Local;

public sealed class QueueListenerTests
{
    /// <remarks>
    /// The app's poison listener takes the message off <c>followups-poison</c> as soon as it arrives, so the path is
    /// followed in the logs of both listeners rather than by peeking at the poison queue.
    /// </remarks>
    [Fact]
    public async Task Listener_MessageThatAlwaysFails_MovesToPoisonQueueAfterMaxDequeues_WhereThePoisonListenerDropsIt()
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        using var outbox = new TempFolder();
        var logs = new CapturedLogs();
        var settings = LocalAppFixture.Settings(azurite, outbox);
        await using var app = LocalHost.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        var storage = app.Services.GetRequiredService<FollowUpStorage>();

        var sent = (await storage.StepQueue.SendMessageAsync("this is not a step message")).Value;

        await LocalAppFixture.EventuallyAsync(
            () => Task.FromResult(logs.Text.Contains("Dropped a dead letter that is not a step message", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the poison listener drops the message");
        var moved = Assert.Single(logs.Entries, entry => entry.Text.StartsWith($"Moved message {sent.MessageId} to {storage.StepPoisonQueue.Name}", StringComparison.Ordinal));
        Assert.Contains("DequeueCount=5", moved.Text, StringComparison.Ordinal);
        Assert.Equal(5, logs.Entries.Count(entry => entry.Text.StartsWith($"Dispatch of message {sent.MessageId} failed", StringComparison.Ordinal)));
        Assert.Empty((await storage.StepQueue.PeekMessagesAsync(10)).Value);
        await LocalAppFixture.EventuallyAsync(
            async () => (await storage.StepPoisonQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            TimeSpan.FromSeconds(10),
            "the dropped dead letter is deleted");
        await app.StopAsync();
    }

    [Fact]
    public async Task Listener_ProcessingLongerThanTheLease_KeepsTheMessageInvisibleUntilDone()
    {
        await using var app = await ConfiguredLocalApp.StartAsync(settings =>
        {
            settings["extensions:queues:ProcessingLease"] = "00:00:03";
            settings["extensions:queues:maxPollingInterval"] = "00:00:05";
        });
        var sequence = await app.Services.GetRequiredService<SequenceStore>().SaveAsync(
            new Sequence(TestData.Id("lease"), 0, "Lease", [new SequenceStep("hello", TimeSpan.FromSeconds(4.9), StepChannel.Email, "Hi", "Hello", null)], new StopRules(true), DateTimeOffset.UtcNow),
            CancellationToken.None);
        var created = Assert.IsType<EnrollmentResult.Created>(await app.Services.GetRequiredService<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}")), CancellationToken.None)).Enrollment;
        var enrollments = app.Services.GetRequiredService<EnrollmentStore>();
        var enrollment = (await enrollments.GetAsync(created.EnrollmentId, CancellationToken.None))!;
        var queue = app.Services.GetRequiredService<FollowUpStorage>().StepQueue;
        var started = DateTimeOffset.UtcNow;

        var sent = (await queue.SendMessageAsync(new StepMessage(enrollment.Id, "hello", enrollment.SequenceVersion).ToJson())).Value;

        await LocalAppFixture.EventuallyAsync(
            async () => !(await queue.PeekMessagesAsync(32)).Value.Any(message => message.MessageId == sent.MessageId),
            TimeSpan.FromSeconds(10),
            "the listener receives the message");
        var received = DateTimeOffset.UtcNow;
        var stolen = 0;
        while (DateTimeOffset.UtcNow - received < TimeSpan.FromSeconds(4) && DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(4.7))
        {
            stolen += (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value.Count(message => message.MessageId == sent.MessageId);
            await Task.Delay(50);
        }

        Assert.Equal(0, stolen);
        await LocalAppFixture.EventuallyAsync(
            async () => (await enrollments.GetAsync(enrollment.Id, CancellationToken.None))!.Steps[0].Status == StepStatus.Sent,
            TimeSpan.FromSeconds(15),
            "the step is sent");
    }
}
