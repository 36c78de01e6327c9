using Azure.Data.Tables;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Sources;

/// <summary>The <see cref="DeliveryClaimRow"/> against claims as <see cref="DeliveryLog"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class DeliveryClaimRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeliveryClaimRow_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns(bool done)
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.SourceDeliveriesTable);
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var old = new TableEntity(TestData.Id("shop"), "0a1b") { ["Done"] = done, ["ClaimedUtc"] = at };

        var row = await RowRoundTrip.ReadOldAsync<DeliveryClaimRow>(table, old);

        Assert.Equal((done, at), (row.Done, row.ClaimedUtc));
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, new DeliveryClaimRow { PartitionKey = old.PartitionKey, RowKey = old.RowKey, Done = done, ClaimedUtc = at });
    }
}
