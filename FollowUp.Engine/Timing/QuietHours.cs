using NodaTime;

namespace FollowUp.Engine.Timing;

/// <summary>The local hours in which no text message is sent; a <see cref="Start"/> after <see cref="End"/> spans midnight, and equal times mean none.</summary>
public sealed record QuietHours(LocalTime Start, LocalTime End)
{
    /// <summary>No quiet hours: texts may go at any hour.</summary>
    public static readonly QuietHours Off = new(LocalTime.Midnight, LocalTime.Midnight);

    /// <summary>The word that turns quiet hours off in settings and sequences.</summary>
    public const string OffText = "off";

    /// <summary>Whether the local time of day is quiet.</summary>
    public bool Contains(LocalTime time) =>
        Start < End ? time >= Start && time < End : Start > End && (time >= Start || time < End);

    /// <summary>Reads <c>HH:mm-HH:mm</c> or <c>off</c>; null when the text is neither.</summary>
    public static QuietHours? Parse(string? text)
    {
        if (string.Equals(text?.Trim(), OffText, StringComparison.OrdinalIgnoreCase))
        {
            return Off;
        }

        var parts = text?.Split('-', StringSplitOptions.TrimEntries);
        return parts is { Length: 2 } && TimeText.Parse(parts[0]) is { } start && TimeText.Parse(parts[1]) is { } end && start != end
            ? new QuietHours(start, end)
            : null;
    }

    /// <summary>The text <see cref="Parse"/> reads: <c>21:00-08:00</c>, or <c>off</c>.</summary>
    public override string ToString() => this == Off ? OffText : $"{TimeText.Format(Start)}-{TimeText.Format(End)}";
}
