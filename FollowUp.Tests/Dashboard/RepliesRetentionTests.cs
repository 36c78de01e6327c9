using FollowUp.Engine.Replies;
using FollowUp.Engine.Retention;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dashboard;

/// <summary>The RecentReplies rows behind the replies page: newest first, paged by key, and removed by retention as notifications are.</summary>
public sealed class RepliesRetentionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static IncomingReply Said(string text) => new(StepChannel.Sms, text, OptedOut: false, NotifiesBusiness: false);

    [Fact]
    public async Task Clean_ReplyOlderThanTheNotificationsRetention_IsRemovedAndANewerOneKept()
    {
        await using var harness = await EngineHarness.CreateAsync(azurite);
        var replies = harness.Get<RecentReplies>();
        var now = harness.Clock.GetUtcNow();
        var contactId = RandomIds.Create(12);
        await replies.AddAsync(now - TimeSpan.FromDays(31), contactId, Said("old"), null, null, null, 0, false, CancellationToken.None);
        await replies.AddAsync(now - TimeSpan.FromDays(29), contactId, Said("recent"), null, null, null, 0, false, CancellationToken.None);

        var report = await harness.Get<RetentionCleaner>().CleanAsync(CancellationToken.None);

        Assert.Equal(1, report.Removed[StorageNames.RecentRepliesTable]);
        var (left, _) = await replies.PageAsync(null, 100, CancellationToken.None);
        Assert.Equal(["recent"], left.Where(r => r.ContactId == contactId).Select(r => r.Text));
    }

    [Fact]
    public async Task Page_ManyReplies_ComeNewestFirstAndContinueAfterTheLastKey()
    {
        await using var harness = await EngineHarness.CreateAsync(azurite);
        var replies = harness.Get<RecentReplies>();
        var now = harness.Clock.GetUtcNow();
        var contactId = RandomIds.Create(12);
        for (var i = 0; i < 5; i++)
        {
            await replies.AddAsync(now.AddYears(1).AddMinutes(i), contactId, Said($"reply {i}"), null, null, null, 0, false, CancellationToken.None);
        }

        var (first, more) = await replies.PageAsync(null, 3, CancellationToken.None);
        var (second, _) = await replies.PageAsync(first[^1].Key, 2, CancellationToken.None);

        Assert.True(more);
        Assert.Equal(["reply 4", "reply 3", "reply 2"], first.Select(r => r.Text));
        Assert.Equal(["reply 1", "reply 0"], second.Select(r => r.Text));
        Assert.True(RecentReplies.IsKey(first[^1].Key));
        Assert.False(RecentReplies.IsKey("made-up"));
    }
}
