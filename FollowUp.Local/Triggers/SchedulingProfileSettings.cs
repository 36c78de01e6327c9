using FollowUp.Engine.Scheduling;

namespace FollowUp.Local.Triggers;

/// <summary>The setting values of each <see cref="SchedulingProfile"/>; infra/main.bicep's <c>profile</c> parameter sets the same values as app settings.</summary>
public static class SchedulingProfileSettings
{
    /// <summary>The setting that names the profile.</summary>
    public const string Setting = "FollowUp:Profile";

    /// <summary>The look-ahead setting, in configuration's notation.</summary>
    public const string LookAheadSetting = "FollowUp:LookAhead";

    /// <summary>The queue trigger's longest wait between polls of an empty queue, in configuration's notation.</summary>
    public const string MaxPollingIntervalSetting = QueueTriggerOptions.Section + ":maxPollingInterval";

    /// <summary>The settings <paramref name="profile"/> sets; any of them set explicitly wins.</summary>
    public static IReadOnlyDictionary<string, string> For(SchedulingProfile profile) => profile switch
    {
        SchedulingProfile.Economy => new Dictionary<string, string>
        {
            [ScanScheduleCheck.Setting] = "0 */10 * * * *",
            [LookAheadSetting] = "00:12:00",
            [MaxPollingIntervalSetting] = "00:05:00",
            [NotificationLoop.ScheduleSetting] = "30 */10 * * * *",
            [SweepLoop.ScheduleSetting] = "0 */30 * * * *",
            [ImapLoop.ScheduleSetting] = "30 */10 * * * *",
        },
        _ => new Dictionary<string, string>
        {
            [ScanScheduleCheck.Setting] = ScanLoop.DefaultSchedule,
            [LookAheadSetting] = "00:02:00",
            [MaxPollingIntervalSetting] = "00:00:02",
            [NotificationLoop.ScheduleSetting] = NotificationLoop.DefaultSchedule,
            [SweepLoop.ScheduleSetting] = SweepLoop.DefaultSchedule,
            [ImapLoop.ScheduleSetting] = ImapLoop.DefaultSchedule,
        },
    };

    /// <summary>Reads <see cref="Setting"/>: punctual when it is missing.</summary>
    /// <exception cref="InvalidOperationException">The setting names no profile.</exception>
    public static SchedulingProfile Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return SchedulingProfile.Punctual;
        }

        return !char.IsAsciiDigit(value.Trim()[0]) && Enum.TryParse<SchedulingProfile>(value.Trim(), ignoreCase: true, out var profile)
            ? profile
            : throw new InvalidOperationException($"{Setting} must be punctual or economy.");
    }
}
