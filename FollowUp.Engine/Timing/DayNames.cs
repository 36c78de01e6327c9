using NodaTime;

namespace FollowUp.Engine.Timing;

/// <summary>Days of the week as sequences write them: <c>Mon</c> … <c>Sun</c>.</summary>
public static class DayNames
{
    private static readonly string[] Names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Reads <c>Mon</c> or <c>Monday</c> in any case, or null.</summary>
    public static IsoDayOfWeek? Parse(string? text)
    {
        for (var i = 0; text is not null && i < Names.Length; i++)
        {
            var full = ((IsoDayOfWeek)(i + 1)).ToString();
            if (string.Equals(text.Trim(), Names[i], StringComparison.OrdinalIgnoreCase) || string.Equals(text.Trim(), full, StringComparison.OrdinalIgnoreCase))
            {
                return (IsoDayOfWeek)(i + 1);
            }
        }

        return null;
    }

    /// <summary>The short name of a day.</summary>
    public static string Name(IsoDayOfWeek day) => Names[(int)day - 1];

    /// <summary>Days as people read them: runs of three or more as <c>Mon–Fri</c>, others listed (<c>Mon–Wed, Sat</c>).</summary>
    public static string Describe(IEnumerable<IsoDayOfWeek> days)
    {
        var sorted = days.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var end = i;
            while (end + 1 < sorted.Count && sorted[end + 1] == sorted[end] + 1)
            {
                end++;
            }

            parts.Add(end - i >= 2 ? $"{Name(sorted[i])}–{Name(sorted[end])}" : string.Join(", ", sorted[i..(end + 1)].Select(Name)));
            i = end + 1;
        }

        return string.Join(", ", parts);
    }
}
