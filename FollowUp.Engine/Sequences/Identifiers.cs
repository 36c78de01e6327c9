using System.Text.RegularExpressions;

namespace FollowUp.Engine.Sequences;

/// <summary>The rule for ids chosen by people (sequences, steps): safe in URLs and as Table Storage keys.</summary>
public static partial class Identifiers
{
    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "Use 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit.";

    /// <summary>Whether <paramref name="id"/> follows the rule.</summary>
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
