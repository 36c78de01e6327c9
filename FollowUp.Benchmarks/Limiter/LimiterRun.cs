using FollowUp.Engine;
using FollowUp.Engine.Sequences;

namespace FollowUp.Benchmarks.Limiter;

/// <summary>What one channel's workers were granted during the run, and the figures that say whether the limiter held the rate.</summary>
/// <param name="Channel">The channel reserved on.</param>
/// <param name="Limit">The channel's only limit.</param>
/// <param name="Duration">How long the workers reserved; every slot granted lies within it.</param>
/// <param name="Grants">Every unit granted, in slot order.</param>
internal sealed record LimiterRun(StepChannel Channel, RateLimit Limit, TimeSpan Duration, IReadOnlyList<Grant> Grants)
{
    /// <summary>The largest error between the achieved and the configured rate that still counts as holding it.</summary>
    public const double Tolerance = 0.05;

    /// <summary>The limit as units per minute.</summary>
    public double ConfiguredPerMinute => Limit.Count * (TimeSpan.FromMinutes(1) / Limit.Window);

    /// <summary>Units granted per minute of the run.</summary>
    public double AchievedPerMinute => Grants.Count / Duration.TotalMinutes;

    /// <summary>How far the achieved rate is from the configured one, as a fraction of it.</summary>
    public double Error => Math.Abs(AchievedPerMinute - ConfiguredPerMinute) / ConfiguredPerMinute;

    /// <summary>The most granted slots in any window of the limit's length, <c>[t, t + Window)</c>.</summary>
    public int MaxInWindow => MostWithinWindow(Grants.Select(grant => grant.SlotUtc));

    /// <summary>The most sends in any window of the limit's length, as the workers woke up to send them.</summary>
    public int MaxSentInWindow => MostWithinWindow(Grants.Select(grant => grant.SentUtc));

    /// <summary>Whether no window held more than the count and the rate is within <see cref="Tolerance"/>.</summary>
    public bool Holds => MaxInWindow <= Limit.Count && Error <= Tolerance;

    /// <summary>How many units each host was granted.</summary>
    public IEnumerable<int> PerHost => Grants.GroupBy(grant => grant.Host).OrderBy(group => group.Key).Select(group => group.Count());

    private int MostWithinWindow(IEnumerable<DateTimeOffset> times)
    {
        var sorted = times.Order().ToArray();
        var max = 0;
        for (int first = 0, last = 0; last < sorted.Length; last++)
        {
            while (sorted[last] - sorted[first] >= Limit.Window)
            {
                first++;
            }

            max = Math.Max(max, last - first + 1);
        }

        return max;
    }
}
