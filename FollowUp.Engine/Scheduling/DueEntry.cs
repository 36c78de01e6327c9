using System.Globalization;
using System.IO.Hashing;
using System.Text;
using FollowUp.Engine.Enrollments;

namespace FollowUp.Engine.Scheduling;

/// <summary>A step waiting for the time it is to be sent (<see cref="DueUtc"/>, the step's planned send time): one row of the DueIndex table.</summary>
/// <remarks>
/// The partition is one of <see cref="ShardCount"/> shards chosen by a hash of the enrollment id, so writes and scans spread
/// over partitions (each serves about 2,000 entities a second). The row key starts with the due time as 19-digit ticks,
/// so "due before T" is the key range <c>RowKey lt '&lt;T ticks&gt;'</c> and a scan reads due rows only.
/// </remarks>
public sealed record DueEntry(string EnrollmentId, string StepId, int SequenceVersion, DateTimeOffset DueUtc)
{
    /// <summary>How many partitions the index is spread over.</summary>
    public const int ShardCount = 16;

    /// <summary>The shard partition key of this entry.</summary>
    public string PartitionKey => Shard(EnrollmentId);

    /// <summary>The row key: due ticks, enrollment id, step id.</summary>
    public string RowKey => $"{Ticks(DueUtc)}_{EnrollmentId}_{StepId}";

    /// <summary>The entry of an enrollment's step, at the time it is to be sent.</summary>
    public static DueEntry For(Enrollment enrollment, EnrollmentStep step) => new(enrollment.Id, step.Id, enrollment.SequenceVersion, step.SendUtc);

    /// <summary>The queue message of this entry.</summary>
    public StepMessage ToMessage() => new(EnrollmentId, StepId, SequenceVersion);

    /// <summary>The partition key of shard <paramref name="index"/>.</summary>
    public static string ShardKey(int index) => index.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>The exclusive upper row key of the entries due before <paramref name="instant"/>.</summary>
    public static string UpperBound(DateTimeOffset instant) => Ticks(instant);

    private static string Shard(string enrollmentId) =>
        ShardKey((int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(enrollmentId)) % ShardCount));

    private static string Ticks(DateTimeOffset instant) => instant.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
