namespace FollowUp.Engine.Dispatch;

/// <summary>How a failed attempt is tried again: a first wait that doubles after each attempt up to a ceiling, for a number of attempts.</summary>
/// <param name="FirstDelay">The wait after the first failed attempt.</param>
/// <param name="MaxDelay">The longest wait.</param>
/// <param name="MaxAttempts">How many attempts are made in all, the first included.</param>
public sealed record RetryPolicy(TimeSpan FirstDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    /// <summary>A send whose provider is unavailable: 30 s doubling to 1 h, 10 attempts, about 3 hours in all.</summary>
    public static readonly RetryPolicy ProviderOutage = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 10);

    /// <summary>Asking a provider how a sent message ended while it is still working on it: 10 s doubling to 10 min, 9 checks, about 30 minutes after the send in all.</summary>
    public static readonly RetryPolicy DeliveryChecks = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10), 9);

    /// <summary>Whether another attempt follows after <paramref name="attemptsMade"/> failed ones.</summary>
    public bool CanRetry(int attemptsMade) => attemptsMade < MaxAttempts;

    /// <summary>The wait before the next attempt after <paramref name="attemptsMade"/> failed ones (at least 1).</summary>
    public TimeSpan DelayAfter(int attemptsMade)
    {
        var delay = FirstDelay * Math.Pow(2, Math.Clamp(attemptsMade - 1, 0, 30));
        return delay > MaxDelay ? MaxDelay : delay;
    }
}
