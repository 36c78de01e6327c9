using Azure.Data.Tables;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Scheduling;

/// <summary>The row class of <see cref="DueIndex"/> reads the rows written before it, and writes the same properties with the same types.</summary>
public sealed class DueIndexRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Due = new(2026, 12, 2, 9, 30, 15, 250, TimeSpan.Zero);

    [Fact]
    public async Task DueRow_RowWrittenTheOldWay_ReadsEveryFieldAndIsWrittenTheSame()
    {
        var entry = new DueEntry("c1-due", "first", 3, Due);
        var old = new TableEntity(entry.PartitionKey, entry.RowKey)
        {
            ["EnrollmentId"] = entry.EnrollmentId,
            ["StepId"] = entry.StepId,
            ["SequenceVersion"] = entry.SequenceVersion,
            ["DueUtc"] = entry.DueUtc,
        };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.DueIndexTable), old, DueRow.From(entry));

        Assert.Equal(entry, read.ToDueEntry());
    }
}
