namespace FollowUp.Local.Triggers;

/// <summary>The wait between two polls of a queue, as the Functions queue trigger computes it: short while messages come, growing exponentially with jitter up to <c>maxPollingInterval</c> while the queue stays empty.</summary>
/// <remarks>
/// The Functions documentation (Azure Queue storage trigger, "Polling algorithm") gives the shape: 100 ms after a poll
/// that found messages, about 200 ms after the first empty one, then longer after each empty poll until
/// <c>maxPollingInterval</c>. As the host does, the n-th empty poll in a row waits the minimum plus 2^(n−1) times the
/// minimum, each increment scaled by a random factor within ±20 % so that listeners drift apart.
/// </remarks>
/// <param name="maximum">The longest wait (<c>maxPollingInterval</c>).</param>
/// <param name="random">The source of the jitter.</param>
public sealed class PollingBackoff(TimeSpan maximum, Random random)
{
    /// <summary>The wait after a poll that found messages, and the unit of the growth.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(100);

    /// <summary>How far the random factor strays from 1 either way.</summary>
    public const double Jitter = 0.2;

    private readonly TimeSpan maximum = maximum < Minimum ? Minimum : maximum;
    private int emptyPolls;

    /// <summary>A backoff with a shared random source.</summary>
    public PollingBackoff(TimeSpan maximum)
        : this(maximum, Random.Shared)
    {
    }

    /// <summary>The wait before the next poll, after a poll that found messages (<paramref name="found"/>) or none.</summary>
    public TimeSpan Next(bool found)
    {
        if (found)
        {
            emptyPolls = 0;
            return Minimum;
        }

        emptyPolls = Math.Min(emptyPolls + 1, 62);
        var factor = 1 - Jitter + (random.NextDouble() * 2 * Jitter);
        var grown = Minimum.TotalMilliseconds * (1 + (factor * Math.Pow(2, emptyPolls - 1)));
        return grown >= maximum.TotalMilliseconds ? maximum : TimeSpan.FromMilliseconds(grown);
    }

    /// <summary>At most how long an empty queue takes, from a poll that found messages, until every wait is <paramref name="maximum"/>.</summary>
    /// <remarks>It counts the empty polls the smallest random factor needs to reach the maximum, each waiting as long as the largest factor makes it.</remarks>
    public static TimeSpan RampUp(TimeSpan maximum)
    {
        var total = TimeSpan.Zero;
        for (var n = 1; Minimum * (1 + ((1 - Jitter) * Math.Pow(2, n - 1))) < maximum; n++)
        {
            var longest = Minimum * (1 + ((1 + Jitter) * Math.Pow(2, n - 1)));
            total += longest < maximum ? longest : maximum;
        }

        return total;
    }
}
