using FollowUp.Engine.Scheduling;

namespace FollowUp.Tests.Scheduling;

public sealed class DueEntryTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RowKey_OrdersLikeDueTime()
    {
        var times = new[] { Noon.AddYears(30), Noon, Noon.AddTicks(1), Noon.AddDays(-400), Noon.AddSeconds(59) };
        var keys = times.Select(t => new DueEntry("e", "s", 1, t).RowKey).ToList();

        Assert.Equal(times.OrderBy(t => t).Select(t => new DueEntry("e", "s", 1, t).RowKey), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void UpperBound_SeparatesDueFromFuture()
    {
        var bound = DueEntry.UpperBound(Noon);

        Assert.True(string.CompareOrdinal(new DueEntry("zzzz", "zz", 1, Noon.AddTicks(-1)).RowKey, bound) < 0);
        Assert.True(string.CompareOrdinal(new DueEntry("0000", "00", 1, Noon).RowKey, bound) > 0);
    }

    [Fact]
    public void PartitionKey_SpreadsEnrollmentsOverEveryShard()
    {
        var counts = Enumerable.Range(0, 16_000)
            .GroupBy(i => new DueEntry($"contact{i % 97:D4}-{i:D10}", "s", 1, Noon).PartitionKey)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(DueEntry.ShardCount, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 800, 1200));
        Assert.All(counts.Keys, key => Assert.Matches("^[0-9]{2}$", key));
    }

    [Fact]
    public void PartitionKey_IsStableForAnEnrollment()
    {
        Assert.Equal(new DueEntry("abc-1", "a", 1, Noon).PartitionKey, new DueEntry("abc-1", "b", 2, Noon.AddDays(3)).PartitionKey);
    }
}
