using Azure.Data.Tables;
using FollowUp.Engine.Sources.Confirmations;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Sources.Confirmations;

/// <summary>The <see cref="ConfirmationRow"/> against rows as <see cref="ConfirmationStore"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class ConfirmationRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToConfirmation_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns(bool confirmed)
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.FormConfirmationsTable);
        var data = $$"""{"note":"{{new string('n', 40_000)}}"}""";
        var contact = StoredSamples.Read("confirmation-contact.json");
        DateTimeOffset? confirmedUtc = confirmed ? At.AddMinutes(5) : null;
        var old = new TableEntity(TestData.Id("conf"), "")
        {
            ["SourceId"] = "form-1", ["Contact"] = contact, ["ExpiresUtc"] = At, ["ConfirmedUtc"] = confirmedUtc,
            ["Data0"] = data[..30_000], ["Data1"] = data[30_000..], ["DataChunks"] = 2,
        };

        var read = ConfirmationRow.From(await RowRoundTrip.ReadOldAsync<TableEntity>(table, old)).ToConfirmation();

        Assert.Equal((old.PartitionKey, "form-1", At, confirmedUtc), (read.Id, read.SourceId, read.ExpiresUtc, read.ConfirmedUtc));
        Assert.Equal(("ann@example.com", "+447911123456", "Europe/London"), (read.Contact.Email, read.Contact.Phone, read.Contact.TimeZone));
        Assert.Equal(data, read.Data.GetRawText());
        var savedBefore = new TableEntity(old.PartitionKey, "")
        {
            ["SourceId"] = "form-1", ["Contact"] = StorageJson.Serialize(read.Contact), ["ExpiresUtc"] = At, ["ConfirmedUtc"] = confirmedUtc,
            ["Data0"] = data[..30_000], ["Data1"] = data[30_000..], ["DataChunks"] = 2,
        };
        await RowRoundTrip.AssertWritesAsOldAsync(table, savedBefore, ConfirmationRow.From(read).ToEntity());
    }
}
