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
    /// <remarks>
    /// The holder's heartbeat waits on the fake clock; on a busy machine it may start that wait only after an advance, and
    /// then waits for a time the clock has not reached. So while no renewal shows, the clock is nudged on by half a second
    /// every second, at most ten times a third: far less than the two thirds of a lease a renewal may come late by.
    /// </remarks>
    public static async Task OutlastAsync(EngineHarness harness, SendKey key)
    {
        var claims = harness.Get<SendClaims>();
        var lease = harness.Get<IOptions<FollowUpOptions>>().Value.SendLease;
        for (var third = 0; third < 4; third++)
        {
            harness.Clock.Advance(lease / 3);
            var renewedBy = harness.Clock.GetUtcNow() + lease;
            var nudges = 0;
            var polls = 0;
            await LocalAppFixture.EventuallyAsync(
                async () =>
                {
                    if ((await claims.GetAsync(key, CancellationToken.None))!.LeaseUntilUtc >= renewedBy)
                    {
                        return true;
                    }

                    if (++polls % 10 == 0 && nudges++ < 10)
                    {
                        harness.Clock.Advance(TimeSpan.FromSeconds(0.5));
                    }

                    return false;
                },
                TimeSpan.FromSeconds(30),
                "the sending worker renewed its claim");
        }
    }
}
