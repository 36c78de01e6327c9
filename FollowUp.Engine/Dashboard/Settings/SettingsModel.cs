namespace FollowUp.Engine.Dashboard.Settings;

/// <summary>What the settings page shows.</summary>
/// <param name="Environment">The host's environment name (Production, Development…).</param>
/// <param name="Missing">What production still needs; empty when nothing.</param>
/// <param name="Sections">The settings, by group.</param>
public sealed record SettingsModel(string Environment, IReadOnlyList<MissingItem> Missing, IReadOnlyList<SettingsSection> Sections);
