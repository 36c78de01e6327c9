using Azure.Data.Tables;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Sources.Forms;

/// <summary>The <see cref="FormCounterRow"/> against counters as <see cref="FormRateCap"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class FormCounterRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task FormCounterRow_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.FormCountersTable);
        var windowStart = new DateTimeOffset(2026, 3, 4, 5, 0, 0, TimeSpan.Zero);
        var old = new TableEntity(TestData.Id("form"), "source") { ["WindowStartUtc"] = windowStart, ["Count"] = 4 };

        var row = await RowRoundTrip.ReadOldAsync<FormCounterRow>(table, old);

        Assert.Equal((windowStart, 4), (row.WindowStartUtc, row.Count));
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, new FormCounterRow { PartitionKey = old.PartitionKey, RowKey = old.RowKey, WindowStartUtc = windowStart, Count = 4 });
    }
}
