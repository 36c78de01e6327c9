using Azure.Data.Tables;
using FollowUp.Engine;
using FollowUp.Engine.Limits;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Limits;

/// <summary>The <see cref="RateLimitRow"/> against rows as <see cref="SendRateLimiter"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class RateLimitRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToSlotLog_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns(bool paused)
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.RateLimitsTable);
        var log = SlotLog.Empty();
        log.Reserve(3, At, [RateLimit.Of(2, TimeSpan.FromSeconds(1))]);
        if (paused)
        {
            log.Pause(At.AddMinutes(1));
        }

        var old = new TableEntity(TestData.Id("channel"), "") { ["Slots"] = log.ToBytes(), ["PausedUntil"] = log.PausedUntil };

        var read = (await RowRoundTrip.ReadOldAsync<RateLimitRow>(table, old)).ToSlotLog();

        Assert.NotEmpty(read.Slots);
        Assert.Equal(log.Slots, read.Slots);
        Assert.Equal(paused ? At.AddMinutes(1) : null, read.PausedUntil);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, RateLimitRow.From(old.PartitionKey, read));
    }
}
