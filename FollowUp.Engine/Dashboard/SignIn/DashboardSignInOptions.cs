namespace FollowUp.Engine.Dashboard.SignIn;

/// <summary>Who may use the deployed dashboard once signed in, bound from <c>FollowUp:Dashboard</c>; with both empty, nobody may.</summary>
public sealed class DashboardSignInOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FollowUp:Dashboard";

    /// <summary>Operators by sign-in name (the email address or user principal name, any case) or Microsoft Entra object id, comma-separated.</summary>
    public string? AllowedUsers { get; set; }

    /// <summary>The object id of a Microsoft Entra group whose members may use the dashboard.</summary>
    public string? AllowedGroup { get; set; }

    /// <summary>The entries of <see cref="AllowedUsers"/>, trimmed, without blanks.</summary>
    public IReadOnlySet<string> Users() =>
        (AllowedUsers ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The trimmed <see cref="AllowedGroup"/>, or null when blank.</summary>
    public string? Group() => string.IsNullOrWhiteSpace(AllowedGroup) ? null : AllowedGroup.Trim();
}
