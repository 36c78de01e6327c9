using NodaTime;

namespace FollowUp.Engine.Timing;

/// <summary>The days and hours in which a sequence may send, in the contact's local time.</summary>
/// <remarks>An <see cref="End"/> earlier than <see cref="Start"/> wraps past midnight: the window opens on a listed day and closes the next morning.</remarks>
/// <param name="Days">The days on which the window opens, Monday first.</param>
/// <param name="Start">The local time it opens.</param>
/// <param name="End">The local time it closes (exclusive).</param>
public sealed record SendWindow(IReadOnlyList<IsoDayOfWeek> Days, LocalTime Start, LocalTime End)
{
    /// <summary>Whether the local moment is inside the window.</summary>
    public bool Contains(LocalDateTime local)
    {
        var time = local.TimeOfDay;
        if (Start < End)
        {
            return time >= Start && time < End && Days.Contains(local.DayOfWeek);
        }

        return (time >= Start && Days.Contains(local.DayOfWeek)) || (time < End && Days.Contains(local.Date.PlusDays(-1).DayOfWeek));
    }

    /// <summary>The window as people read it: <c>Mon–Fri 09:00–17:00</c>.</summary>
    public override string ToString() => $"{DayNames.Describe(Days)} {TimeText.Format(Start)}–{TimeText.Format(End)}";

    /// <inheritdoc />
    public bool Equals(SendWindow? other) => other is not null && Start == other.Start && End == other.End && Days.SequenceEqual(other.Days);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Start, End, Days.Count);
}
