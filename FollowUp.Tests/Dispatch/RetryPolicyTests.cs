using FollowUp.Engine.Dispatch;

namespace FollowUp.Tests.Dispatch;

public sealed class RetryPolicyTests
{
    [Fact]
    public void DelayAfter_ProviderOutage_DoublesFromThirtySecondsToAnHourAndStaysThere()
    {
        var waits = Enumerable.Range(1, 12).Select(RetryPolicy.ProviderOutage.DelayAfter).ToList();

        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600, 3600], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public void DelayAfter_DeliveryChecks_FollowTheFirstCheckAtTenSecondsAndStopAtTenMinutes()
    {
        var waits = Enumerable.Range(1, 8).Select(RetryPolicy.DeliveryChecks.DelayAfter).ToList();

        Assert.Equal([10, 20, 40, 80, 160, 320, 600, 600], waits.Select(w => w.TotalSeconds));
        Assert.InRange(TimeSpan.FromSeconds(5) + waits.Aggregate(TimeSpan.Zero, (sum, wait) => sum + wait), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(31));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(9, true)]
    [InlineData(10, false)]
    [InlineData(11, false)]
    public void CanRetry_AttemptsMade_RetriesUntilTheLastAttempt(int attemptsMade, bool retries) =>
        Assert.Equal(retries, RetryPolicy.ProviderOutage.CanRetry(attemptsMade));

    [Fact]
    public void DelayAfter_ManyAttempts_NeverOverflows() =>
        Assert.Equal(TimeSpan.FromHours(1), RetryPolicy.ProviderOutage.DelayAfter(int.MaxValue));
}
