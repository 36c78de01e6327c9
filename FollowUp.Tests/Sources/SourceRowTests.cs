using Azure.Data.Tables;
using FollowUp.Engine.Sources;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Sources;

/// <summary>The <see cref="SourceRow"/> against rows as <see cref="SourceStore"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class SourceRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ToSource_RowWrittenBeforeVersions_ReadsTheSourceAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.SourcesTable);
        var document = StoredSamples.Read("source.json");
        var old = new TableEntity("form-5-f0060d", "") { ["Document"] = document };

        var read = (await RowRoundTrip.ReadOldAsync<SourceRow>(table, old)).ToSource();

        Assert.Equal("form-5-f0060d", read.Id);
        Assert.Equal("seq-2-68c3ef", read.On["submit"].Enroll);
        var savedBefore = new TableEntity("form-5-f0060d", "") { ["Document"] = StorageJson.Serialize(SourceDocument.From(read)) };
        await RowRoundTrip.AssertWritesAsOldAsync(table, savedBefore, SourceRow.From(read));
    }
}
