namespace FollowUp.Engine.Contacts;

/// <summary>Splits a full name, as forms and surveys often give it, into first and last names.</summary>
public static class ContactNames
{
    /// <summary>The part before the first space, and the rest (null when there is none).</summary>
    public static (string? First, string? Last) Split(string? fullName)
    {
        var parts = fullName?.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return (parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(1));
    }
}
