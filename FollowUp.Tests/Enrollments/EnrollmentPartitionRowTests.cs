using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Caps;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using FollowUp.Tests.Builders;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Enrollments;

/// <summary>The row classes of a contact's Enrollments partition (and of the Timeline table before it) read the rows written before them, and write the same properties with the same types.</summary>
public sealed class EnrollmentPartitionRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 30, 15, 250, TimeSpan.Zero);

    [Theory]
    [InlineData(true, "b")]
    [InlineData(null, null)]
    public async Task TimelineRow_TimelineTableRowWrittenTheOldWay_ReadsEveryFieldAndIsWrittenTheSame(bool? byScanner, string? variant)
    {
        var entry = new TimelineEvent(At, TimelineEventKind.Clicked, "first", "Followed link 1.") { ByScanner = byScanner, Variant = variant };
        var (partition, row) = (TestData.Id("enr"), "0639000000000000000_abcdef");
        var old = new TableEntity(partition, row)
        {
            ["AtUtc"] = At,
            ["Kind"] = "Clicked",
            ["StepId"] = "first",
            ["Detail"] = "Followed link 1.",
            ["ByScanner"] = byScanner,
            ["Variant"] = variant,
        };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.TimelineTable), old, TimelineRow.From(partition, row, entry));

        Assert.Equal(entry, read.ToEvent());
    }

    [Fact]
    public async Task SentRow_RowWrittenTheOldWay_ReadsEveryFieldAndIsWrittenTheSame()
    {
        var contact = RandomIds.Create(12);
        var row = SentRow.For(contact, "welcome", $"{contact}-abcdefghij", "first", At);
        var old = new TableEntity(contact, row.RowKey) { ["SequenceId"] = "welcome", ["SentUtc"] = At };

        var table = await RowRoundTrip.TableAsync(azurite, StorageNames.EnrollmentsTable);
        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(table, old, row);
        var fromQuery = SentRow.From((await table.GetEntityAsync<TableEntity>(contact, row.RowKey)).Value);

        Assert.Equal(("welcome", At), (read.SequenceId, read.SentUtc));
        Assert.Equal(("welcome", At), (fromQuery.SequenceId, fromQuery.SentUtc));
        Assert.StartsWith($"{ContactCap.RowPrefix}{At.UtcTicks:D19}_{contact}-abcdefghij_first", row.RowKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActiveMarkerRow_RowWrittenTheOldWay_ReadsItsEnrollmentAndIsWrittenTheSame()
    {
        var contact = RandomIds.Create(12);
        var enrollment = new Enrollment { Id = EnrollmentId.Create(contact), ContactId = contact, SequenceId = "welcome", SequenceVersion = 1, EnrolledUtc = At, Steps = [], Data = JsonElement.Parse("{}") };
        var old = new TableEntity(contact, "~active~welcome") { ["EnrollmentId"] = enrollment.Id };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.EnrollmentsTable), old, ActiveMarkerRow.For(enrollment));

        Assert.Equal(enrollment.Id, read.EnrollmentId);
    }
}
