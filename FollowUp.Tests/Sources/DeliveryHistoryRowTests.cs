using Azure.Data.Tables;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Sources;

/// <summary>The <see cref="DeliveryHistoryRow"/> against rows as <see cref="DeliveryHistory"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class DeliveryHistoryRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Theory]
    [InlineData("orders/create", "Refused", DeliveryResult.Refused, "email")]
    [InlineData(null, "Enrolled", DeliveryResult.Enrolled, null)]
    public async Task ToRecord_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns(string? trigger, string stored, DeliveryResult result, string? detail)
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.SourceDeliveriesTable);
        var old = new TableEntity(TestData.Id("shop"), DeliveryHistory.Prefix + "1_abc") { ["AtUtc"] = At, ["Trigger"] = trigger, ["Result"] = stored, ["Status"] = 422, ["Detail"] = detail };

        var read = (await RowRoundTrip.ReadOldAsync<DeliveryHistoryRow>(table, old)).ToRecord();

        Assert.Equal(new DeliveryRecord(At, trigger, result, 422, detail), read);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, DeliveryHistoryRow.From(old.PartitionKey, old.RowKey, read));
    }
}
