namespace FollowUp.Engine.Dashboard;

/// <summary>How the dashboard shows things, bound from <c>FollowUp:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "FollowUp:Dashboard";

    /// <summary>The business's IANA time zone, in which the dashboard shows every time; <c>FollowUp:DefaultTimeZone</c> when unset.</summary>
    public string? TimeZone { get; set; }
}
