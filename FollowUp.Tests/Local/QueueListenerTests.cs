using FollowUp.Tests.Fixtures;

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
}
