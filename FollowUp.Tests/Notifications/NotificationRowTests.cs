using Azure.Data.Tables;
using FollowUp.Engine.Notifications;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Notifications;

/// <summary>The <see cref="NotificationRow"/> against rows as <see cref="NotificationStore"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class NotificationRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task ToNotification_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.NotificationsTable);
        var html = new string('h', 45_000);
        var old = new TableEntity(TestData.Id("n"), "")
        {
            ["Kind"] = "reply", ["ContactId"] = "c1", ["AddressKey"] = "email:a@example.com", ["EnrollmentId"] = "c1_e1", ["EmailTo"] = "ops@example.com,sales@example.com",
            ["ReplyTo"] = "a@example.com", ["SmsTo"] = "+447911100000", ["CreatedUtc"] = At, ["Done"] = false,
            ["Subject0"] = "Re: Hi", ["SubjectChunks"] = 1, ["Text0"] = "Yes", ["TextChunks"] = 1, ["Html0"] = html[..30_000], ["Html1"] = html[30_000..], ["HtmlChunks"] = 2,
            ["SmsText0"] = "Ann replied", ["SmsTextChunks"] = 1, ["Original0"] = "AQID", ["OriginalChunks"] = 1,
        };

        var read = NotificationRow.From(await RowRoundTrip.ReadOldAsync<TableEntity>(table, old)).ToNotification();

        Assert.Equal(
            (old.PartitionKey, "reply", "c1", "email:a@example.com", "c1_e1", "a@example.com", "Re: Hi", "Yes", html, "+447911100000", "Ann replied", At, false),
            (read.Id, read.Kind, read.ContactId, read.AddressKey, read.EnrollmentId, read.ReplyTo, read.Subject, read.Text, read.Html, read.SmsTo, read.SmsText, read.CreatedUtc, read.Done));
        Assert.Equal(["ops@example.com", "sales@example.com"], read.EmailTo);
        Assert.Equal([1, 2, 3], read.Original!);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, NotificationRow.From(read).ToEntity());
    }

    [Fact]
    public async Task ToNotification_RowWrittenBeforeWithoutOriginalOrText_ReadsNullsAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.NotificationsTable);
        var old = new TableEntity(TestData.Id("n"), "")
        {
            ["Kind"] = "halted", ["ContactId"] = null, ["AddressKey"] = null, ["EnrollmentId"] = null, ["EmailTo"] = "", ["ReplyTo"] = null, ["SmsTo"] = null, ["CreatedUtc"] = At, ["Done"] = true,
            ["Subject0"] = "Halted", ["SubjectChunks"] = 1, ["Text0"] = "", ["TextChunks"] = 1, ["Html0"] = "", ["HtmlChunks"] = 1, ["SmsText0"] = "", ["SmsTextChunks"] = 1,
        };

        var read = NotificationRow.From(await RowRoundTrip.ReadOldAsync<TableEntity>(table, old)).ToNotification();

        Assert.Equal((null, null, null, null, null, null), (read.ContactId, read.AddressKey, read.EnrollmentId, read.ReplyTo, read.SmsTo, read.Original));
        Assert.Empty(read.EmailTo);
        Assert.True(read.Done);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, NotificationRow.From(read).ToEntity());
    }
}
