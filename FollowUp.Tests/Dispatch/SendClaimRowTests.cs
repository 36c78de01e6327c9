using Azure.Data.Tables;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Dispatch;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Dispatch;

/// <summary>The row class of <see cref="SendClaims"/> reads the rows written before it, and writes the same properties with the same types.</summary>
public sealed class SendClaimRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Claimed = new(2026, 12, 2, 9, 30, 15, 250, TimeSpan.Zero);

    [Fact]
    public async Task SendClaimRow_SentClaimWrittenTheOldWay_ReadsEveryFieldAndIsWrittenTheSame()
    {
        var claim = new SendClaim(new SendKey(TestData.Id("enr"), "first"), ClaimStatus.Sent, Claimed, Claimed.AddMinutes(2), "provider-1", null, Claimed.AddSeconds(3), default, Claimed.AddTicks(-2_500_000));
        var old = new TableEntity(claim.Key.EnrollmentId, claim.Key.StepId)
        {
            ["Status"] = "Sent",
            ["ClaimedUtc"] = claim.ClaimedUtc,
            ["LeaseUntilUtc"] = claim.LeaseUntilUtc,
            ["FirstSentUtc"] = claim.FirstSentUtc,
            ["ProviderMessageId"] = claim.ProviderMessageId,
            ["Detail"] = null,
            ["CompletedUtc"] = claim.CompletedUtc,
        };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.SendsTable), old, SendClaimRow.From(claim));

        Assert.Equal(claim with { ETag = read.ETag }, read.ToClaim());
    }

    [Fact]
    public async Task ToClaim_RowFromBeforeFirstSentTimes_RepeatsItsClaimTimeInWholeSeconds()
    {
        var table = await RowRoundTrip.TableAsync(azurite, StorageNames.SendsTable);
        var key = new SendKey(TestData.Id("enr"), "first");
        await table.AddEntityAsync(new TableEntity(key.EnrollmentId, key.StepId) { ["Status"] = "Sending", ["ClaimedUtc"] = Claimed, ["LeaseUntilUtc"] = Claimed.AddMinutes(2) });

        var read = (await table.GetEntityAsync<SendClaimRow>(key.EnrollmentId, key.StepId)).Value.ToClaim();

        Assert.Equal((ClaimStatus.Sending, Claimed.AddTicks(-2_500_000), (DateTimeOffset?)null), (read.Status, read.FirstSentUtc, read.CompletedUtc));
    }
}
