using System.Buffers.Binary;

namespace FollowUp.Engine.Limits;

/// <summary>The send slots reserved on one channel, one per unit and oldest first, and the pause after a provider's 429.</summary>
/// <remarks>
/// A strict sliding-window log: a new unit goes at the first moment that is not before now, the pause's end or the last
/// reserved unit (so slots are granted in order), and that leaves every window of every limit, widened by a small
/// <see cref="Margin"/>, holding at most its count.
/// Slots do not record the limits they were granted under, so a reconfigured channel applies its new limits to the same
/// log: slots granted earlier still count and new ones queue after them. Only the slots a limit can still see are kept.
/// </remarks>
internal sealed class SlotLog
{
    /// <summary>The most units a log keeps: the largest count a limit may have, so that the log fits one 64 KiB binary property.</summary>
    public const int MaxUnits = 5000;

    private readonly List<long> slotTicks;

    private SlotLog(List<long> slotTicks, DateTimeOffset? pausedUntil)
    {
        this.slotTicks = slotTicks;
        PausedUntil = pausedUntil;
    }

    /// <summary>No slot is granted before this moment; null when the channel was never paused.</summary>
    public DateTimeOffset? PausedUntil { get; private set; }

    /// <summary>The reserved unit slots still kept, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Slots => [.. slotTicks.Select(ticks => new DateTimeOffset(ticks, TimeSpan.Zero))];

    /// <summary>An empty log of a channel that has never sent.</summary>
    public static SlotLog Empty() => new([], null);

    /// <summary>Reads a log from the bytes written by <see cref="ToBytes"/>: UTC ticks as little-endian 64-bit integers.</summary>
    public static SlotLog FromBytes(ReadOnlySpan<byte> bytes, DateTimeOffset? pausedUntil)
    {
        var slots = new List<long>(bytes.Length / sizeof(long));
        for (var offset = 0; offset + sizeof(long) <= bytes.Length; offset += sizeof(long))
        {
            slots.Add(BinaryPrimitives.ReadInt64LittleEndian(bytes[offset..]));
        }

        return new SlotLog(slots, pausedUntil);
    }

    /// <summary>The slots as little-endian UTC ticks, 8 bytes each.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[slotTicks.Count * sizeof(long)];
        for (var i = 0; i < slotTicks.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), slotTicks[i]);
        }

        return bytes;
    }

    /// <summary>Reserves <paramref name="units"/> consecutive unit slots and returns the last one, when the whole send may go.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is less than 1.</exception>
    public DateTimeOffset Reserve(int units, DateTimeOffset now, IReadOnlyList<RateLimit> limits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        var slot = 0L;
        for (var i = 0; i < units; i++)
        {
            slot = NextSlot(now.UtcTicks, limits);
            slotTicks.Add(slot);
        }

        Prune(now.UtcTicks, limits);
        return new DateTimeOffset(slot, TimeSpan.Zero);
    }

    /// <summary>Grants no slot before <paramref name="until"/>; an earlier end than the current pause's changes nothing.</summary>
    public void Pause(DateTimeOffset until)
    {
        if (PausedUntil is not { } current || until > current)
        {
            PausedUntil = until.ToUniversalTime();
        }
    }

    private long NextSlot(long now, IReadOnlyList<RateLimit> limits)
    {
        var earliest = Math.Max(now, PausedUntil?.UtcTicks ?? 0);
        if (slotTicks.Count > 0)
        {
            earliest = Math.Max(earliest, slotTicks[^1]);
        }

        foreach (var limit in limits)
        {
            // The unit that would be the (count + 1)-th in a window must wait until the count-th most recent has left it, by the margin.
            if (slotTicks.Count >= limit.Count)
            {
                earliest = Math.Max(earliest, slotTicks[^limit.Count] + Spacing(limit));
            }
        }

        return earliest;
    }

    /// <summary>How much longer than its window a limit keeps a unit out: 2% of the window, at most 1 s.</summary>
    /// <remarks>
    /// A send leaves a little after its slot (up to ~170 ms measured under load), so without a margin a late send and an
    /// on-time one a window later could both fall in one window as the provider counts it. The margin absorbs lateness up
    /// to its own length, and costs at most 2% of the rate: a whole second for minute and hour windows, 20 ms for a 1 s one.
    /// </remarks>
    public static TimeSpan Margin(RateLimit limit) => TimeSpan.FromTicks(Math.Min(limit.Window.Ticks / 50, TimeSpan.TicksPerSecond));

    /// <summary>How far apart in ticks a unit and the count-th unit after it must be: the window and its margin.</summary>
    private static long Spacing(RateLimit limit) => (limit.Window + Margin(limit)).Ticks;

    /// <summary>Drops the slots no limit can see any more: beyond the largest count, or older than the longest window and its margin.</summary>
    /// <remarks>A dropped slot would only have asked for a moment before now, so dropping it never changes a later slot.</remarks>
    private void Prune(long now, IReadOnlyList<RateLimit> limits)
    {
        var keep = Math.Min(limits.Max(limit => limit.Count), MaxUnits);
        var horizon = now - limits.Max(Spacing);
        var drop = Math.Max(slotTicks.Count - keep, 0);
        while (drop < slotTicks.Count && slotTicks[drop] <= horizon)
        {
            drop++;
        }

        slotTicks.RemoveRange(0, drop);
    }
}
