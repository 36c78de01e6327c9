using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace FollowUp.Engine.Scheduling;

/// <summary>A scheduled step whose outcome is not recorded yet: one row of the NextDue table, kept from scheduling until the outcome.</summary>
/// <remarks>
/// The partition key is the minute of <see cref="DueUtc"/> as 19-digit ticks, then one of <see cref="DueEntry.ShardCount"/>
/// shards, so "rows in minutes before T" is the key range <c>PartitionKey lt '&lt;T ticks&gt;'</c> and the sweep reads only
/// steps that should have gone out by T. <see cref="SweptUtc"/> is when a sweep last put the step back, if one did, and
/// <see cref="Reschedules"/> how often sweeps did since it was last scheduled.
/// </remarks>
public sealed record NextDueEntry(string EnrollmentId, string StepId, int SequenceVersion, DateTimeOffset DueUtc, DateTimeOffset? SweptUtc = null, int Reschedules = 0)
{
    /// <summary>The partition key: due minute ticks, then the shard.</summary>
    public string PartitionKey => $"{Minute(DueUtc)}-{DueEntry.ShardKey(Shard(EnrollmentId))}";

    /// <summary>The row key: enrollment id and step id.</summary>
    public string RowKey => $"{EnrollmentId}_{StepId}";

    /// <summary>The row of a due entry, never swept.</summary>
    public static NextDueEntry For(DueEntry entry) => new(entry.EnrollmentId, entry.StepId, entry.SequenceVersion, entry.DueUtc);

    /// <summary>The due entry this row stands for.</summary>
    public DueEntry ToDueEntry() => new(EnrollmentId, StepId, SequenceVersion, DueUtc);

    /// <summary>The exclusive upper partition key of the rows in buckets before the minute of <paramref name="instant"/>.</summary>
    public static string UpperBound(DateTimeOffset instant) => Minute(instant);

    private static int Shard(string enrollmentId) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(enrollmentId)) % DueEntry.ShardCount);

    private static string Minute(DateTimeOffset instant) =>
        (instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMinute).ToString("D19", CultureInfo.InvariantCulture);
}
