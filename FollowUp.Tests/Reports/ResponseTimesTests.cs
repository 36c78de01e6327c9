using FollowUp.Engine.Reports;

namespace FollowUp.Tests.Reports;

public sealed class ResponseTimesTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(299, 0)]
    [InlineData(300, 1)]
    [InlineData(3599, 2)]
    [InlineData(86_400, 7)]
    [InlineData(40 * 86_400, 12)]
    public void BucketOf_Elapsed_FallsInTheBucketItsBoundsSay(int seconds, int bucket) =>
        Assert.Equal(bucket, ResponseTimes.BucketOf(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Quantile_AllInOneBucket_InterpolatesWithinIt()
    {
        var counts = new long[ResponseTimes.BucketCount];
        counts[2] = 10;

        Assert.Equal(TimeSpan.FromMinutes(37.5), ResponseTimes.Quantile(counts, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(15 + 45 * 0.9), ResponseTimes.Quantile(counts, 0.9));
    }

    [Fact]
    public void Quantile_SpreadOut_FindsTheBucketOfTheRank()
    {
        var counts = new long[ResponseTimes.BucketCount];
        counts[0] = 5;
        counts[6] = 4;
        counts[12] = 1;

        Assert.Equal(TimeSpan.FromMinutes(5), ResponseTimes.Quantile(counts, 0.5));
        var p90 = ResponseTimes.Quantile(counts, 0.9)!.Value;
        Assert.Equal(TimeSpan.FromDays(1), p90);
        Assert.Equal(TimeSpan.FromDays(30), ResponseTimes.Quantile(counts, 1.0));
    }

    [Fact]
    public void Quantile_NoResponses_IsNull() => Assert.Null(ResponseTimes.Quantile(new long[ResponseTimes.BucketCount], 0.5));
}
