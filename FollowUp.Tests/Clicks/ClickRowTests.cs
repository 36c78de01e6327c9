using Azure.Data.Tables;
using FollowUp.Engine.Clicks;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Clicks;

/// <summary>The <see cref="ClickRow"/> against rows as <see cref="ClickRecorder"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class ClickRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClickRow_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns(bool clickedByAPerson)
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.ClicksTable);
        DateTimeOffset? firstHuman = clickedByAPerson ? At.AddMinutes(-5) : null;
        var old = new TableEntity(TestData.Id("c1_e"), "first")
        {
            ["LastUtc"] = At, ["LastPosition"] = "h2", ["LastByScanner"] = !clickedByAPerson, ["FirstHumanUtc"] = firstHuman, ["Clicks"] = 3,
        };

        var row = await RowRoundTrip.ReadOldAsync<ClickRow>(table, old);

        Assert.Equal((At, "h2", !clickedByAPerson, firstHuman, 3), (row.LastUtc, row.LastPosition, row.LastByScanner, row.FirstHumanUtc, row.Clicks));
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, new ClickRow
        {
            PartitionKey = old.PartitionKey, RowKey = old.RowKey, LastUtc = At, LastPosition = "h2", LastByScanner = !clickedByAPerson, FirstHumanUtc = firstHuman, Clicks = 3,
        });
    }
}
