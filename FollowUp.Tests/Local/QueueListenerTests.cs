using System.Text.Json;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FollowUp.Tests.Local;

public sealed class QueueListenerTests(LocalAppFixture local) : IClassFixture<LocalAppFixture>
{
    [Fact]
    public async Task Listener_MessageThatAlwaysFails_MovesToPoisonQueueAfterMaxDequeues()
    {
        await local.Storage.StepQueue.SendMessageAsync("this is not a step message");

        await LocalAppFixture.EventuallyAsync(
            async () => (await local.Storage.StepPoisonQueue.PeekMessagesAsync(1)).Value.Length == 1,
            TimeSpan.FromSeconds(30),
            "the message reaches the poison queue");

        var poisoned = Assert.Single((await local.Storage.StepPoisonQueue.PeekMessagesAsync(10)).Value);
        Assert.Equal("this is not a step message", poisoned.Body.ToString());
        Assert.Empty((await local.Storage.StepQueue.PeekMessagesAsync(10)).Value);
        Assert.Equal(0, (await local.Storage.StepQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
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
        var (created, _) = await app.Services.GetRequiredService<EnrollmentService>().EnrollAsync(
            new EnrollmentRequest(sequence.Id, new ContactRequest(TestData.Email(), null, "Ann", null, null), JsonElement.Parse("{}")), CancellationToken.None);
        var enrollments = app.Services.GetRequiredService<EnrollmentStore>();
        var enrollment = (await enrollments.GetAsync(created!.EnrollmentId, CancellationToken.None))!;
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
