namespace FollowUp.Engine.Dashboard;

/// <summary>What a page that only says something shows: a sentence, and where to go next.</summary>
public sealed record DashboardMessage(string Text, string? LinkUrl = null, string? LinkText = null);
