using FollowUp.Local.Triggers;

namespace FollowUp.Tests.Local;

public sealed class PollingBackoffTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Fact]
    public void Next_FirstEmptyPoll_WaitsAboutTwoHundredMilliseconds()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var wait = new PollingBackoff(FiveMinutes, new Random(seed)).Next(found: false);

            Assert.InRange(wait.TotalMilliseconds, 180, 220);
        }
    }

    [Fact]
    public void Next_EmptyPollsInARow_GrowUntilTheMaximumAndStayThere()
    {
        var backoff = new PollingBackoff(FiveMinutes, new Random(7));

        var waits = Enumerable.Range(0, 20).Select(_ => backoff.Next(found: false)).ToArray();

        Assert.All(waits.Zip(waits.Skip(1)), pair => Assert.True(pair.Second > pair.First || pair.Second == FiveMinutes, $"{pair.Second} after {pair.First}"));
        Assert.All(waits, wait => Assert.True(wait <= FiveMinutes, $"{wait} is longer than the maximum"));
        Assert.Equal(FiveMinutes, waits[^1]);
        Assert.InRange(waits[4].TotalMilliseconds, 100 + (0.8 * 1600), 100 + (1.2 * 1600));
    }

    [Fact]
    public void Next_AfterAPollThatFoundMessages_StartsAgainFromTheMinimum()
    {
        var backoff = new PollingBackoff(FiveMinutes, new Random(3));
        for (var i = 0; i < 30; i++)
        {
            backoff.Next(found: false);
        }

        var afterFound = backoff.Next(found: true);
        var nextEmpty = backoff.Next(found: false);

        Assert.Equal(PollingBackoff.Minimum, afterFound);
        Assert.InRange(nextEmpty.TotalMilliseconds, 180, 220);
    }

    [Fact]
    public void Next_MaximumBelowTheMinimum_WaitsTheMinimum() =>
        Assert.Equal(PollingBackoff.Minimum, new PollingBackoff(TimeSpan.Zero, new Random(1)).Next(found: false));

    [Theory]
    [InlineData("00:00:02")]
    [InlineData("00:01:00")]
    [InlineData("00:05:00")]
    public void RampUp_AnyRandomFactors_CoversTheWaitsBeforeTheFirstMaximum(string maximum)
    {
        var max = TimeSpan.Parse(maximum, System.Globalization.CultureInfo.InvariantCulture);
        var rampUp = PollingBackoff.RampUp(max);
        for (var seed = 0; seed < 200; seed++)
        {
            var backoff = new PollingBackoff(max, new Random(seed));
            var waited = TimeSpan.Zero;
            for (var wait = backoff.Next(found: false); wait < max; wait = backoff.Next(found: false))
            {
                waited += wait;
            }

            Assert.True(waited <= rampUp, $"seed {seed}: {waited} before the first maximum, more than {rampUp}");
        }
    }
}
