using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Contacts;

/// <summary>The contact's row classes read the rows written before them, and write the same properties with the same types.</summary>
public sealed class ContactRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ContactIndexRow_RowWrittenTheOldWay_ReadsItsContactAndIsWrittenTheSame()
    {
        var key = AddressKey.Email(TestData.Email());
        var old = new TableEntity(key, "") { ["ContactId"] = "abcdefghijkl" };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.ContactIndexTable), old, ContactIndexRow.For(key, "abcdefghijkl"));

        Assert.Equal("abcdefghijkl", read.ContactId);
    }

    [Fact]
    public async Task ContactReferenceRow_RowWrittenTheOldWay_ReadsItsTargetAndIsWrittenTheSame()
    {
        var owner = RandomIds.Create(12);
        var target = new ContactReference(StorageNames.IdempotencyTable, "enrollments:abc", "");
        var old = new TableEntity(owner, "Idempotency enrollments:abc ") { ["TargetTable"] = target.Table, ["TargetPartition"] = target.PartitionKey, ["TargetRow"] = target.RowKey };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.ContactReferencesTable), old, ContactReferenceRow.For(owner, target));

        Assert.Equal(target, read.ToReference());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ContactRow_ContactsTableRowWrittenTheOldWay_ReadsEveryFieldAndIsWrittenBackTheSame(bool erased)
    {
        var table = await RowRoundTrip.TableAsync(azurite, StorageNames.ContactsTable);
        var id = RandomIds.Create(12);
        var old = erased
            ? new TableEntity(id, "") { ["Erased"] = true, ["ErasedAddressKeys"] = "email:a phone:b" }
            : new TableEntity(id, "") { ["Email"] = "ann@example.com", ["Phone"] = "+447700900123", ["FirstName"] = "Ann", ["LastName"] = "Lee", ["TimeZone"] = "Europe/London" };
        await table.AddEntityAsync(old);

        var row = ContactRow.From((await table.GetEntityAsync<TableEntity>(id, "")).Value);

        Assert.True(row.Legacy);
        Assert.Equal(erased ? null : new Contact(id, "ann@example.com", "+447700900123", "Ann", "Lee", "Europe/London"), row.ToContact());
        Assert.Equal(erased ? ["email:a", "phone:b"] : [AddressKey.Email("ann@example.com"), AddressKey.Phone("+447700900123")], row.AddressKeys());
        var written = row.ToEntity();
        Assert.Equal((id, ""), (written.PartitionKey, written.RowKey));
        Assert.Equal(old.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)), written.Where(p => p.Key is not "odata.etag").OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
    }
}
