namespace FollowUp.Engine.Dashboard.Settings;

/// <summary>One setting as the settings page shows it: never a secret's value, only whether it is set.</summary>
/// <param name="Label">What it is, in words.</param>
/// <param name="Value">Its value, or "Set" / "Not set" for a secret.</param>
/// <param name="Setting">The configuration key that holds it, for whoever changes it.</param>
/// <param name="Tone">The badge's tone (<c>ok</c>, <c>warn</c>, <c>bad</c>), or null for plain text.</param>
public sealed record SettingRow(string Label, string Value, string? Setting = null, string? Tone = null);
