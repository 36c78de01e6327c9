using FollowUp.Engine;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Dispatch;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace FollowUp.Tests.Builders;

/// <summary>Moves a harness's clock past a send claim's lease while its holder is sending, as a slow provider would.</summary>
public static class ClaimLeases
{
    /// <summary>Advances the clock a third of the lease at a time, four times, each time waiting until the holder renewed the claim of <paramref name="key"/>.</summary>
    public static async Task OutlastAsync(EngineHarness harness, SendKey key)
    {
        var claims = harness.Get<SendClaims>();
        var lease = harness.Get<IOptions<FollowUpOptions>>().Value.SendLease;
        for (var third = 0; third < 4; third++)
        {
            harness.Clock.Advance(lease / 3);
            await LocalAppFixture.EventuallyAsync(
                async () => (await claims.GetAsync(key, CancellationToken.None))!.LeaseUntilUtc == harness.Clock.GetUtcNow() + lease,
                TimeSpan.FromSeconds(20),
                "the sending worker renewed its claim");
        }
    }
}
