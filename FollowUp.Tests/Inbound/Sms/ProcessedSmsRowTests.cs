using Azure.Data.Tables;
using FollowUp.Engine.Inbound.Sms;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Inbound.Sms;

/// <summary>The <see cref="ProcessedSmsRow"/> against rows as <see cref="ProcessedSmsStore"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class ProcessedSmsRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ProcessedSmsRow_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.ProcessedSmsTable);
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var old = new TableEntity(TestData.Id("SM"), "") { ["ProcessedUtc"] = at };

        var row = await RowRoundTrip.ReadOldAsync<ProcessedSmsRow>(table, old);

        Assert.Equal(at, row.ProcessedUtc);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, new ProcessedSmsRow { PartitionKey = old.PartitionKey, ProcessedUtc = at });
    }
}
