using System.ComponentModel.DataAnnotations;

namespace FollowUp.Engine.Scheduling;

/// <summary>Settings of the sweep that puts stuck steps back on the schedule.</summary>
public sealed class SweeperOptions
{
    /// <summary>How long past its send time a step with no index row, no claim and no outcome waits before the sweep puts it back.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Overdue { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the sweep puts one step back on the schedule; a step that sticks again after that is marked failed and listed for a replay.</summary>
    [Range(1, 100)]
    public int MaxReschedules { get; set; } = 3;
}
