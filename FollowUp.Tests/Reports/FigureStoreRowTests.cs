using Azure.Data.Tables;
using FollowUp.Engine.Reports;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;

namespace FollowUp.Tests.Reports;

/// <summary>The row classes of <see cref="FigureStore"/> and its fold read the rows written before them, and write the same properties with the same types.</summary>
public sealed class FigureStoreRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 30, 15, 250, TimeSpan.Zero);

    private static ReportCount Count(string? variant) =>
        new("seq-rows", 4, "first", variant, $"c1-rows{variant}", ReportMetric.OutcomeFact, [ReportMetric.Sent, ReportMetric.Delivered], At);

    [Fact]
    public async Task FigureFactRow_RowWrittenTheOldWay_ReadsEveryFieldAndIsWrittenTheSame()
    {
        var count = Count("a");
        var old = new TableEntity(FigureStore.Partition(FigureStore.ShardOf(count.EnrollmentId)), $"f|{count.EnrollmentId}|{count.Fact}|{count.StepId}")
        {
            ["Version"] = count.Version,
            ["Column"] = count.Columns[0],
            ["AtUtc"] = count.AtUtc,
        };

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.FiguresTable), old, FigureFactRow.From(count));

        Assert.Equal((4, ReportMetric.Sent, At), (read.Version, read.Column, read.AtUtc));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("b")]
    public async Task PendingCountRow_RowWrittenTheOldWay_ReadsEveryFieldAndIsWrittenTheSame(string? variant)
    {
        var count = Count(variant);
        var old = new TableEntity(FigureStore.Partition(FigureStore.ShardOf(count.EnrollmentId)), $"p|{count.EnrollmentId}|{count.Fact}|{count.StepId}")
        {
            ["SequenceId"] = count.SequenceId,
            ["Version"] = count.Version,
            ["StepId"] = count.StepId,
            ["Columns"] = string.Join(',', count.Columns),
            ["AtUtc"] = count.AtUtc,
        };
        if (variant is not null)
        {
            old["Variant"] = variant;
        }

        var read = await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.FiguresTable), old, PendingCountRow.From(count));

        Assert.Equal(("seq-rows", 4, "first", variant, At), (read.SequenceId, read.Version, read.StepId, read.Variant, read.AtUtc));
        Assert.Equal([ReportMetric.Sent, ReportMetric.Delivered], read.CountedColumns());
    }

    [Fact]
    public async Task FigureCounterRow_RowWrittenTheOldWay_ReadsEveryCountAndIsWrittenTheSame()
    {
        var old = new TableEntity(FigureStore.Partition(3), "t|seq-rows|000004|first|a") { [ReportMetric.Sent] = 3L, [ReportMetric.Replied] = 5_000_000_000L };
        var counter = new FigureCounterRow { PartitionKey = old.PartitionKey, RowKey = old.RowKey };
        counter.Counts[ReportMetric.Sent] = 3;
        counter.Counts[ReportMetric.Replied] = 5_000_000_000;

        var read = FigureCounterRow.From(await RowRoundTrip.ReadOldThenWriteSameAsync(await RowRoundTrip.TableAsync(azurite, StorageNames.FiguresTable), old, counter.ToEntity()));

        Assert.Equal((old.PartitionKey, old.RowKey), (read.PartitionKey, read.RowKey));
        Assert.NotEqual(default, read.ETag);
        Assert.Equal(counter.Counts.OrderBy(c => c.Key, StringComparer.Ordinal), read.Counts.OrderBy(c => c.Key, StringComparer.Ordinal));
    }
}
