using FollowUp.Engine.Channels;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Notifications;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Notifications;

public sealed class NotificationSenderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    private CountingEmailChannel Email => harness.Get<CountingEmailChannel>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite, CountingEmailChannel.Register);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private async Task<Notification> StorePendingAsync()
    {
        var notification = new Notification(
            "notify-" + Guid.NewGuid().ToString("N"), "reply", null, null, null, ["owner@shop.example"], TestData.Email(), "Reply", "What they wrote", "<p>What they wrote</p>", null, null, "",
            DateTimeOffset.UtcNow);
        Assert.True((await harness.Get<NotificationStore>().TryAddAsync(notification, CancellationToken.None)).Added);
        return notification;
    }

    [Fact]
    public async Task Deliver_ProviderThrottles_KeepsTheClaimAndItsFirstSentTimeWithTheLeaseEnded()
    {
        var notification = await StorePendingAsync();
        Email.AnswerBeforeSending = SendResult.Throttled("429 Too Many Requests", TimeSpan.FromSeconds(1));

        Assert.False(await harness.Get<NotificationSender>().DeliverAsync(notification, NotificationSender.SweepWait, CancellationToken.None));

        // A throttled retry can follow an attempt whose answer was lost, so the claim stays for the next attempt to ask first.
        var claim = await harness.Get<SendClaims>().GetAsync(new SendKey(notification.Id, "email-0"), CancellationToken.None);
        Assert.NotNull(claim);
        Assert.Equal(ClaimStatus.Sending, claim.Status);
        Assert.True(claim.LeaseUntilUtc <= harness.Clock.GetUtcNow());
        Assert.Equal(0, Email.Sends);
    }

    [Fact]
    public async Task Deliver_SendOutlastsTheClaimLease_RenewsItSoASweepMeanwhileDoesNotSendAgain()
    {
        var notification = await StorePendingAsync();
        var sender = harness.Get<NotificationSender>();
        var sentBySweep = -1;
        Email.BeforeSending = async () =>
        {
            await ClaimLeases.OutlastAsync(harness, new SendKey(notification.Id, "email-0"));
            sentBySweep = await sender.SendPendingAsync(CancellationToken.None);
        };

        Assert.True(await sender.DeliverAsync(notification, NotificationSender.SweepWait, CancellationToken.None));

        Assert.Equal(0, sentBySweep);
        Assert.Equal(1, Email.Sends);
    }
}
