namespace FollowUp.Benchmarks.Sweep;

/// <summary>The system clock moved forward by <see cref="Shift"/>, so that steps become overdue without waiting.</summary>
internal sealed class ShiftedClock : TimeProvider
{
    /// <summary>How far ahead of the system clock this clock runs.</summary>
    public TimeSpan Shift { get; set; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}
