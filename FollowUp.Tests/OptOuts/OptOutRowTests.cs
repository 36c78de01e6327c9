using Azure.Data.Tables;
using FollowUp.Engine.OptOuts;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.OptOuts;

/// <summary>The <see cref="OptOutRow"/> and <see cref="OptInRow"/> against rows as <see cref="OptOutStore"/> wrote them before it had row classes, on Azurite.</summary>
public sealed class OptOutRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Theory]
    [InlineData("ops@example.com")]
    [InlineData(null)]
    public async Task ToOptOut_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns(string? by)
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.OptOutsTable);
        var key = TestData.Id("email:");
        var old = new TableEntity(key, "") { ["Source"] = "sms:STOP", ["OptedOutUtc"] = At, ["By"] = by };

        var read = (await RowRoundTrip.ReadOldAsync<OptOutRow>(table, old)).ToOptOut();

        Assert.Equal(new OptOut("sms:STOP", At) { By = by }, read);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, OptOutRow.From(key, read));
    }

    [Theory]
    [InlineData("unsubscribe")]
    [InlineData(null)]
    public async Task ToOptIn_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns(string? endedSource)
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.OptOutsTable);
        var key = TestData.Id("phone:");
        var old = new TableEntity(key, "opt-in") { ["OptedInUtc"] = At, ["By"] = "Ann", ["ById"] = "op-1", ["EndedSource"] = endedSource };

        var read = (await RowRoundTrip.ReadOldAsync<OptInRow>(table, old)).ToOptIn();

        Assert.Equal(new OptIn(At, "Ann", "op-1", endedSource), read);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, OptInRow.From(key, read));
    }
}
