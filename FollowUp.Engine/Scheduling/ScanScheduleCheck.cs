using Cronos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FollowUp.Engine.Scheduling;

/// <summary>Checks on start that the scan's schedule parses and that the look-ahead covers the longest wait between two scans, so that no step waits for a later scan.</summary>
/// <remarks>A scan enqueues the steps due before its start plus <see cref="FollowUpOptions.LookAhead"/>; with a look-ahead at least the
/// longest interval of the schedule, every step is enqueued by the last scan before it falls due, and only the queue's polling delays it.</remarks>
/// <param name="configuration">Where <see cref="Setting"/> is read, as both hosts read it.</param>
public sealed class ScanScheduleCheck(IConfiguration configuration) : IValidateOptions<FollowUpOptions>
{
    /// <summary>The setting that holds the scan's schedule, NCRONTAB with seconds, shared by the Functions timer and FollowUp.Local.</summary>
    public const string Setting = "FOLLOWUP_SCAN_SCHEDULE";

    /// <summary>Once a minute, at second 0: the schedule when the setting is missing.</summary>
    public const string DefaultSchedule = "0 */1 * * * *";

    /// <summary>How far ahead the intervals of a schedule are read: a week covers every schedule that repeats daily or weekly.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(8);

    /// <summary>The most runs read; a schedule that runs more often than this within the horizon has short intervals anyway.</summary>
    private const int MaxRuns = 20_000;

    /// <summary>The look-ahead's lower bound; a shorter one is reported by the bounds alone.</summary>
    private static readonly TimeSpan MinLookAhead = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FollowUpOptions options)
    {
        if (!TryParse(configuration[Setting] ?? DefaultSchedule, out var schedule))
        {
            return ValidateOptionsResult.Fail($"{Setting} must be an NCRONTAB expression with seconds, such as {DefaultSchedule}.");
        }

        var longest = LongestInterval(schedule);
        return options.LookAhead >= longest || options.LookAhead < MinLookAhead
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"FollowUp:LookAhead must be at least {longest:c}, the longest interval between two runs of {Setting}; a shorter one leaves steps waiting for a later scan. Set FollowUp:LookAhead, or choose the schedule with FollowUp:Profile.");
    }

    /// <summary>The longest time between two runs of <paramref name="schedule"/> within the horizon, from a fixed Monday at midnight UTC.</summary>
    public static TimeSpan LongestInterval(CronExpression schedule)
    {
        var from = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        var longest = TimeSpan.Zero;
        DateTimeOffset? previous = null;
        foreach (var run in schedule.GetOccurrences(from, from + Horizon, TimeZoneInfo.Utc).Take(MaxRuns))
        {
            if (previous is { } before && run - before > longest)
            {
                longest = run - before;
            }

            previous = run;
        }

        return longest == TimeSpan.Zero ? Horizon : longest;
    }

    private static bool TryParse(string value, out CronExpression schedule) =>
        CronExpression.TryParse(value, CronFormat.IncludeSeconds, out schedule!);
}
