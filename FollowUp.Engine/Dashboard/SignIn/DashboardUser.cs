namespace FollowUp.Engine.Dashboard.SignIn;

/// <summary>An operator allowed to use the dashboard: a stable id and the name to show.</summary>
public sealed record DashboardUser(string Id, string DisplayName);
