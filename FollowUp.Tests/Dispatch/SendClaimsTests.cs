using FollowUp.Engine.Channels;
using FollowUp.Engine.Dispatch;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dispatch;

/// <summary>The send claims on Azurite, with a fake clock: who may complete a claim, and what a take-over keeps.</summary>
public sealed class SendClaimsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private EngineHarness harness = null!;

    private SendClaims Claims => harness.Get<SendClaims>();

    public async Task InitializeAsync() => harness = await EngineHarness.CreateAsync(azurite);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private static SendKey NewKey() => new(TestData.Id("enr"), "first");

    /// <summary>Worker A claims; its lease runs out; worker B takes over.</summary>
    private async Task<(SendClaim A, SendClaim B)> TakenOverAsync(SendKey key, TimeSpan after)
    {
        var (acquired, a) = await Claims.TryAcquireAsync(key, harness.Clock.GetUtcNow(), Lease, CancellationToken.None);
        Assert.True(acquired);
        harness.Clock.Advance(after);
        var expired = await Claims.GetAsync(key, CancellationToken.None);
        var (tookOver, b) = await Claims.TryTakeOverAsync(expired!, harness.Clock.GetUtcNow(), Lease, CancellationToken.None);
        Assert.True(tookOver);
        return (a, b);
    }

    [Fact]
    public async Task Complete_ByTheHolder_IsStored()
    {
        var key = NewKey();
        var (_, claim) = await Claims.TryAcquireAsync(key, harness.Clock.GetUtcNow(), Lease, CancellationToken.None);

        var completed = await Claims.CompleteAsync(claim, ClaimStatus.Sent, harness.Clock.GetUtcNow(), "provider-1", null, CancellationToken.None);

        Assert.NotNull(completed);
        var stored = await Claims.GetAsync(key, CancellationToken.None);
        Assert.Equal((ClaimStatus.Sent, "provider-1"), (stored!.Status, stored.ProviderMessageId));
        Assert.Equal(stored.ETag, completed.ETag);
    }

    [Fact]
    public async Task Complete_ByTheHolderAfterItReleasedTheLease_IsStored()
    {
        var key = NewKey();
        var (_, claim) = await Claims.TryAcquireAsync(key, harness.Clock.GetUtcNow(), Lease, CancellationToken.None);
        var released = await Claims.ReleaseAsync(claim, harness.Clock.GetUtcNow(), CancellationToken.None);

        Assert.NotNull(await Claims.CompleteAsync(released, ClaimStatus.Failed, harness.Clock.GetUtcNow(), null, "gave up", CancellationToken.None));

        Assert.Equal(ClaimStatus.Failed, (await Claims.GetAsync(key, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Complete_AfterAnotherWorkerTookOverAndRecorded_IsRefusedAndTheNewerRecordStands()
    {
        var key = NewKey();
        var (a, b) = await TakenOverAsync(key, Lease + TimeSpan.FromSeconds(1));
        var recordedAt = harness.Clock.GetUtcNow();
        Assert.NotNull(await Claims.CompleteAsync(b, ClaimStatus.Sent, recordedAt, "provider-b", null, CancellationToken.None));
        harness.Clock.Advance(TimeSpan.FromSeconds(5));

        var refused = await Claims.CompleteAsync(a, ClaimStatus.Failed, harness.Clock.GetUtcNow(), null, "A's late outcome", CancellationToken.None);

        Assert.Null(refused);
        var stored = await Claims.GetAsync(key, CancellationToken.None);
        Assert.Equal((ClaimStatus.Sent, "provider-b", (string?)null, (DateTimeOffset?)recordedAt), (stored!.Status, stored.ProviderMessageId, stored.Detail, stored.CompletedUtc));
    }

    [Fact]
    public async Task Complete_AfterAnotherWorkerTookOverStillSending_IsRefusedAndLeavesItsLease()
    {
        var key = NewKey();
        var (a, b) = await TakenOverAsync(key, Lease + TimeSpan.FromSeconds(1));

        Assert.Null(await Claims.CompleteAsync(a, ClaimStatus.Sent, harness.Clock.GetUtcNow(), "provider-a", null, CancellationToken.None));

        var stored = await Claims.GetAsync(key, CancellationToken.None);
        Assert.Equal((ClaimStatus.Sending, b.LeaseUntilUtc, b.ETag), (stored!.Status, stored.LeaseUntilUtc, stored.ETag));
    }

    [Fact]
    public async Task Renew_ByTheHolder_ExtendsTheLeaseSoNoOtherWorkerTakesOver()
    {
        var key = NewKey();
        var (_, claim) = await Claims.TryAcquireAsync(key, harness.Clock.GetUtcNow(), Lease, CancellationToken.None);
        harness.Clock.Advance(Lease - TimeSpan.FromSeconds(1));

        var (renewed, stored) = await Claims.RenewAsync(claim, harness.Clock.GetUtcNow(), Lease, CancellationToken.None);
        harness.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(renewed);
        var read = await Claims.GetAsync(key, CancellationToken.None);
        Assert.Equal((ClaimStatus.Sending, stored.ETag), (read!.Status, read.ETag));
        Assert.True(harness.Clock.GetUtcNow() < read.LeaseUntilUtc);
        Assert.NotNull(await Claims.CompleteAsync(stored, ClaimStatus.Sent, harness.Clock.GetUtcNow(), "provider-1", null, CancellationToken.None));
    }

    [Fact]
    public async Task Renew_AfterAnotherWorkerTookOver_IsRefusedAndLeavesTheNewerClaim()
    {
        var key = NewKey();
        var (a, b) = await TakenOverAsync(key, Lease + TimeSpan.FromSeconds(1));

        var (renewed, _) = await Claims.RenewAsync(a, harness.Clock.GetUtcNow(), Lease, CancellationToken.None);

        Assert.False(renewed);
        var stored = await Claims.GetAsync(key, CancellationToken.None);
        Assert.Equal((b.LeaseUntilUtc, b.ETag), (stored!.LeaseUntilUtc, stored.ETag));
    }

    [Fact]
    public async Task TakeOver_WithinTheRepeatWindow_KeepsTheFirstSentTime()
    {
        var (a, b) = await TakenOverAsync(NewKey(), SendClaims.RepeatWindow - TimeSpan.FromSeconds(1));

        Assert.Equal(a.FirstSentUtc, b.FirstSentUtc);
        Assert.Equal(0, a.FirstSentUtc.UtcTicks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public async Task TakeOver_PastTheRepeatWindow_StartsANewFirstSentTime()
    {
        var (a, b) = await TakenOverAsync(NewKey(), SendClaims.RepeatWindow + TimeSpan.FromSeconds(1));

        Assert.True(b.FirstSentUtc >= a.FirstSentUtc + SendClaims.RepeatWindow);
        Assert.Equal(b.FirstSentUtc, (await Claims.GetAsync(b.Key, CancellationToken.None))!.FirstSentUtc);
    }
}
