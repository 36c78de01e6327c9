using System.Globalization;

namespace FollowUp.Engine.Storage;

/// <summary>The <c>FollowUp:Storage:Prefix</c> setting: letters and digits put before every table and queue name, so that several apps (or tests) share one storage account.</summary>
/// <remarks>
/// Table names allow letters and digits and start with a letter; queue names allow lowercase letters, digits and dashes.
/// So the prefix is ASCII letters and digits starting with a letter, queues take it in lowercase, and it is short enough
/// that the longest table or queue name it makes stays within the services' 63 characters. Table names are not case
/// sensitive, so two prefixes that differ only in case name the same tables.
/// </remarks>
public static class StoragePrefix
{
    /// <summary>The setting's name.</summary>
    public const string Setting = "FollowUp:Storage:Prefix";

    /// <summary>The longest table or queue name either service accepts.</summary>
    public const int MaxNameLength = 63;

    /// <summary>The longest prefix: what the longest table or queue name leaves of <see cref="MaxNameLength"/>.</summary>
    public static int MaxLength { get; } = MaxNameLength - StorageNames.AllTables.Append(StorageNames.StepPoisonQueue).Max(name => name.Length);

    /// <summary>Checks a value of <see cref="Setting"/>; no value or an empty one means no prefix.</summary>
    /// <exception cref="InvalidOperationException">The value is not letters and digits starting with a letter, or is longer than <see cref="MaxLength"/>.</exception>
    public static string Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (!char.IsAsciiLetter(value[0]) || !value.All(char.IsAsciiLetterOrDigit) || value.Length > MaxLength)
        {
            throw new InvalidOperationException(string.Format(
                CultureInfo.InvariantCulture,
                "{0} must be ASCII letters and digits starting with a letter, at most {1} characters, so that every table and queue name stays valid; it is \"{2}\".",
                Setting,
                MaxLength,
                value));
        }

        return value;
    }

    /// <summary>The name of the queue <paramref name="name"/> (of <see cref="StorageNames"/>) under <paramref name="prefix"/>, which queues take in lowercase.</summary>
    public static string Queue(string prefix, string name) => prefix.ToLowerInvariant() + name;
}
