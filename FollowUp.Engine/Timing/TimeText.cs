using NodaTime;
using NodaTime.Text;

namespace FollowUp.Engine.Timing;

/// <summary>Local times of day as sequences and settings write them: <c>HH:mm</c>.</summary>
public static class TimeText
{
    private static readonly LocalTimePattern Pattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    /// <summary>Reads <c>HH:mm</c> (00:00 to 23:59), or null.</summary>
    public static LocalTime? Parse(string? text) =>
        text is not null && Pattern.Parse(text.Trim()) is { Success: true } result ? result.Value : null;

    /// <summary>Writes <c>HH:mm</c>.</summary>
    public static string Format(LocalTime time) => Pattern.Format(time);
}
