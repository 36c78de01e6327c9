using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Timeline;

/// <summary>The Timeline table on Azurite: events written together keep their order.</summary>
public sealed class TimelineStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private EngineHarness harness = null!;

    private TimelineStore Timeline => harness.Get<TimelineStore>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task AddAsync_EventsOfOneInstantWrittenTogether_AreListedInTheOrderGiven()
    {
        var enrollmentId = TestData.Id("enr");
        var at = harness.Clock.GetUtcNow();
        TimelineEventKind[] kinds = [TimelineEventKind.Moved, TimelineEventKind.Skipped, TimelineEventKind.Sent, TimelineEventKind.Failed, TimelineEventKind.Completed, TimelineEventKind.Chained];

        await Timeline.AddAsync(enrollmentId, [.. kinds.Select(kind => new TimelineEvent(at, kind, null, kind.ToString()))], CancellationToken.None);

        var listed = await Timeline.ListAsync(enrollmentId, CancellationToken.None);
        Assert.Equal(kinds, listed.Select(e => e.Kind));
        Assert.All(listed, e => Assert.Equal(at, e.AtUtc));
    }

    [Fact]
    public async Task AddAsync_EventsWrittenTogether_SortAmongOthersByTime()
    {
        var enrollmentId = TestData.Id("enr");
        var at = harness.Clock.GetUtcNow();
        await Timeline.AddAsync(enrollmentId, new TimelineEvent(at.AddSeconds(1), TimelineEventKind.Chained, null, "later"), CancellationToken.None);
        await Timeline.AddAsync(enrollmentId, new TimelineEvent(at.AddSeconds(-1), TimelineEventKind.Enrolled, null, "earlier"), CancellationToken.None);

        await Timeline.AddAsync(enrollmentId, [new TimelineEvent(at, TimelineEventKind.Sent, "only", null), new TimelineEvent(at, TimelineEventKind.Completed, null, null)], CancellationToken.None);

        var listed = await Timeline.ListAsync(enrollmentId, CancellationToken.None);
        Assert.Equal([TimelineEventKind.Enrolled, TimelineEventKind.Sent, TimelineEventKind.Completed, TimelineEventKind.Chained], listed.Select(e => e.Kind));
    }
}
