using Azure.Data.Tables;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Scheduling;

/// <summary>The row classes of <see cref="NextDueIndex"/> read the rows written before them, and write the same properties with the same types.</summary>
public sealed class NextDueIndexRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Due = new(2026, 12, 2, 9, 30, 15, 250, TimeSpan.Zero);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NextDueRow_RowWrittenTheOldWay_ReadsEveryFieldAndIsWrittenTheSame(bool swept)
    {
        var entry = new NextDueEntry($"c1-next{swept}", "second", 2, Due, swept ? Due.AddMinutes(20) : null, swept ? 4 : 0);
        var old = new TableEntity(entry.PartitionKey, entry.RowKey)
        {
            ["EnrollmentId"] = entry.EnrollmentId,
            ["StepId"] = entry.StepId,
            ["SequenceVersion"] = entry.SequenceVersion,
            ["DueUtc"] = entry.DueUtc,
            ["SweptUtc"] = entry.SweptUtc,
            ["Reschedules"] = entry.Reschedules,
        };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.NextDueTable), old, NextDueRow.From(entry));

        Assert.Equal(entry, read.ToNextDueEntry());
    }

    [Theory]
    [InlineData(null, false, 0L)]
    [InlineData("token-1", true, 5_000_000_000L)]
    public async Task NextDueMarkerRow_RowWrittenTheOldWay_ReadsEveryFieldAndIsWrittenTheSame(string? token, bool done, long added)
    {
        var marker = new NextDueBackfillMarker(token, done, added);
        var old = new TableEntity("backfill", "") { ["ContinuationToken"] = marker.ContinuationToken, ["Done"] = marker.Done, ["Added"] = marker.Added };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.NextDueTable), old, NextDueMarkerRow.From(marker));

        Assert.Equal(marker, read.ToMarker());
    }
}
