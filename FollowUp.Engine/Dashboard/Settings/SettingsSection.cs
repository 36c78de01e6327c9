namespace FollowUp.Engine.Dashboard.Settings;

/// <summary>A group of settings on the settings page.</summary>
/// <param name="Title">The group's heading.</param>
/// <param name="Rows">Its settings.</param>
public sealed record SettingsSection(string Title, IReadOnlyList<SettingRow> Rows);
