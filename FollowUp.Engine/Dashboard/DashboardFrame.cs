using FollowUp.Engine.Dashboard.SignIn;

namespace FollowUp.Engine.Dashboard;

/// <summary>What the layout and every page's forms share: the title, the operator, the form token, the clock, the notice left by the last form and the assets' addresses.</summary>
public sealed record DashboardFrame(string Title, DashboardUser? User, string? FormToken, DashboardTime Time, string? Notice, string Path, DashboardAssets Assets)
{
    /// <summary>Whether the page at <paramref name="section"/> (<c>/api/dashboard/sequences</c>) is the one shown or holds it.</summary>
    public bool IsIn(string section) =>
        section == DashboardPaths.Root ? Path.TrimEnd('/') == DashboardPaths.Root : Path.StartsWith(section, StringComparison.Ordinal);
}
