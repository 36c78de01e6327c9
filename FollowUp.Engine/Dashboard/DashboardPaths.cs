namespace FollowUp.Engine.Dashboard;

/// <summary>Builds the dashboard's own addresses, so that pages link to each other through one place.</summary>
public static class DashboardPaths
{
    /// <summary>Where the dashboard lives, in both hosts.</summary>
    public const string Root = "/api/dashboard";

    /// <summary>The absolute path of a dashboard page (<c>sequences/welcome</c> → <c>/api/dashboard/sequences/welcome</c>); each segment given is escaped.</summary>
    public static string To(params string[] segments) =>
        segments.Length == 0 ? Root : Root + "/" + string.Join('/', segments.Select(Uri.EscapeDataString));

    /// <summary>Whether <paramref name="path"/> is a path inside this dashboard, safe to send a browser back to.</summary>
    public static bool IsLocal(string? path) =>
        path is { Length: > 0 } && path.StartsWith(Root, StringComparison.Ordinal) && !path.StartsWith("//", StringComparison.Ordinal) && !path.Contains('\\');
}
