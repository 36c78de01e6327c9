using Azure.Data.Tables;
using FollowUp.Engine.Replies;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Replies;

/// <summary>The <see cref="RecentReplyRow"/> against rows as <see cref="RecentReplies"/> wrote them before it had a row class, on Azurite.</summary>
public sealed class RecentReplyRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task ToRecentReply_RowWrittenBefore_ReadsEveryFieldAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.RecentRepliesTable);
        var old = new TableEntity(RecentReplies.Partition, TestData.Id("k"))
        {
            ["ReceivedUtc"] = At, ["ContactId"] = "c1", ["Channel"] = "Sms", ["Text"] = "Yes please", ["EnrollmentId"] = "c1_e1",
            ["SequenceId"] = "welcome", ["StepId"] = "first", ["Halted"] = 2, ["OptedOut"] = true, ["Notified"] = true,
        };

        var read = (await RowRoundTrip.ReadOldAsync<RecentReplyRow>(table, old)).ToRecentReply();

        Assert.Equal(new RecentReply(old.RowKey, At, "c1", StepChannel.Sms, "Yes please", "c1_e1", "welcome", "first", 2, true, true), read);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, RecentReplyRow.From(read));
    }

    [Fact]
    public async Task ToRecentReply_RowWrittenBeforeWithoutChannelOrEnrollment_ReadsNullsAndWritesTheSameColumns()
    {
        var table = (await RowRoundTrip.StorageAsync(azurite)).Table(StorageNames.RecentRepliesTable);
        var old = new TableEntity(RecentReplies.Partition, TestData.Id("k"))
        {
            ["ReceivedUtc"] = At, ["ContactId"] = "c1", ["Channel"] = null, ["Text"] = null, ["EnrollmentId"] = null,
            ["SequenceId"] = null, ["StepId"] = null, ["Halted"] = 0, ["OptedOut"] = false, ["Notified"] = false,
        };

        var read = (await RowRoundTrip.ReadOldAsync<RecentReplyRow>(table, old)).ToRecentReply();

        Assert.Equal(new RecentReply(old.RowKey, At, "c1", null, null, null, null, null, 0, false, false), read);
        await RowRoundTrip.AssertWritesAsOldAsync(table, old, RecentReplyRow.From(read));
    }
}
