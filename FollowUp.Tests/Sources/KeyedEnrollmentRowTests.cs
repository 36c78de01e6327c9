using Azure.Data.Tables;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Sources;

/// <summary>The <see cref="KeyedEnrollmentRow"/> against rows as <see cref="KeyedEnrollments"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class KeyedEnrollmentRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task KeyedEnrollmentRow_RowWrittenBefore_ReadsTheEnrollmentAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.SourceEnrollmentsTable);
        var old = new TableEntity(TestData.Id("shop"), KeyedEnrollmentRow.RowKeyOf("cart", "token-1")) { ["EnrollmentId"] = "c1_e1" };

        var row = await RowRoundTrip.ReadOldAsync<KeyedEnrollmentRow>(table, old);

        Assert.Equal("c1_e1", row.EnrollmentId);
        Assert.Equal("b20f27cd138f7e0bb467cb93ad0c1d1ab8dab062ba7a27fab1d932484b58522c", old.RowKey);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, new KeyedEnrollmentRow { PartitionKey = old.PartitionKey, RowKey = old.RowKey, EnrollmentId = "c1_e1" });
    }
}
