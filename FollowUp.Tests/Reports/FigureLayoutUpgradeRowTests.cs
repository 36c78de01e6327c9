using Azure.Data.Tables;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Reports;

/// <summary>The marker row of <see cref="FigureLayoutUpgrade"/> reads the marker written before it, and writes the same property with the same type.</summary>
public sealed class FigureLayoutUpgradeRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FigureLayoutMarkerRow_RowWrittenTheOldWay_ReadsCleanedAndIsWrittenTheSame(bool cleaned)
    {
        var table = await RowRoundTrip.TableAsync(azurite, StorageNames.FiguresTable);
        var old = new TableEntity("layout", "shards") { ["Cleaned"] = cleaned };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(table, old, new FigureLayoutMarkerRow { Cleaned = cleaned });

        Assert.Equal(cleaned, read.Cleaned);
    }
}
