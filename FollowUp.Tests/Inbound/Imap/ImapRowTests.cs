using Azure.Data.Tables;
using FollowUp.Engine.Inbound.Imap;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Inbound.Imap;

/// <summary>The row classes of <see cref="ImapCursorStore"/> against rows as it wrote them before it had row classes, on Azurite.</summary>
public sealed class ImapRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToCursor_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns(bool delivered)
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.ImapCursorsTable);
        DateTimeOffset? lastDelivered = delivered ? At.AddHours(-1) : null;
        var old = new TableEntity(TestData.Id("mailbox"), "cursor") { ["UidValidity"] = (long)uint.MaxValue, ["LastUid"] = 42L, ["LastDeliveredUtc"] = lastDelivered, ["LastRunUtc"] = At };

        var read = (await RowRoundTrip.ReadOldAsync<ImapCursorRow>(table, old)).ToCursor();

        Assert.Equal(new ImapCursor(uint.MaxValue, 42, lastDelivered, At), read);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, ImapCursorRow.From(old.PartitionKey, read));
    }

    [Fact]
    public async Task ToFailure_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.ImapCursorsTable);
        var old = new TableEntity(TestData.Id("mailbox"), "failure") { ["UidValidity"] = 7L, ["Uid"] = (long)uint.MaxValue, ["Attempts"] = 3, ["FailedUtc"] = At };

        var row = await RowRoundTrip.ReadOldAsync<ImapFailureRow>(table, old);

        Assert.Equal(new ImapFailure(7, uint.MaxValue, 3), row.ToFailure());
        Assert.Equal(At, row.FailedUtc);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, ImapFailureRow.From(old.PartitionKey, row.ToFailure(), At));
    }

    [Fact]
    public async Task ToSkipped_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.ImapCursorsTable);
        var old = new TableEntity(TestData.Id("mailbox"), "skipped") { ["Count"] = 2L, ["LastUidValidity"] = 7L, ["LastUid"] = 9L, ["LastSkippedUtc"] = At, ["LastError"] = "Bad MIME" };

        var read = (await RowRoundTrip.ReadOldAsync<ImapSkippedRow>(table, old)).ToSkipped();

        Assert.Equal(new ImapSkipped(2, 7, 9, At, "Bad MIME"), read);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, ImapSkippedRow.From(old.PartitionKey, read));
    }

    [Fact]
    public async Task ImapMessageRow_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.ImapMessagesTable);
        var old = new TableEntity(TestData.Id("mailbox"), "id-abc") { ["HandledUtc"] = At, ["Skipped"] = true };

        var row = await RowRoundTrip.ReadOldAsync<ImapMessageRow>(table, old);

        Assert.Equal((At, true), (row.HandledUtc, row.Skipped));
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, new ImapMessageRow { PartitionKey = old.PartitionKey, RowKey = old.RowKey, HandledUtc = At, Skipped = true });
    }
}
