using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Reports;

/// <summary>Keeps the report's counters in the Figures table, each count made exactly once by a fact row written in the same transaction.</summary>
/// <remarks>
/// A partition is a sequence and a shard (a hash of the enrollment id, <see cref="Shards"/> of them). It holds the facts of
/// that shard's enrollments, <c>f|&lt;enrollment&gt;|&lt;fact&gt;|&lt;step&gt;</c>, and its share of the counters: one all-time
/// row <c>t|&lt;version&gt;|&lt;step&gt;|&lt;variant&gt;</c> and one row per UTC hour <c>h|&lt;version&gt;|&lt;yyyyMMddHH&gt;|&lt;step&gt;|&lt;variant&gt;</c>;
/// a send or a reply also counts in the shard's activity row of its UTC hour, <c>a|&lt;yyyyMMddHH&gt;</c>, which sums every
/// version and step so that the dashboard's overview reads a day or a week of the sequence in one short range per shard.
/// A count is one entity-group transaction: Add the fact, and Add or ETag-conditional Merge each counter row. Table
/// transactions are atomic within a partition, so the fact exists exactly when the counters include it: a retry, a
/// redelivered message, a repeated webhook or a crash before or after the transaction leaves one count. A 409 on the fact
/// means it was counted; a 409 or 412 on a counter row means another worker counted in the shard first, and the count reads
/// the rows again and retries. Sharding by enrollment keeps that contention to one worker in <see cref="Shards"/>, and a report
/// reads one range per shard. Facts name an enrollment and nothing else, and are removed with it by erasure and retention.
/// </remarks>
public sealed class FigureStore(FollowUpStorage storage, ILogger<FigureStore> logger)
{
    /// <summary>How many partitions a sequence's counters are spread over.</summary>
    public const int Shards = 8;

    /// <summary>How many times a count is tried when other workers keep winning the race for its counter rows.</summary>
    private const int MaxAttempts = 200;

    private const string HourFormat = "yyyyMMddHH";

    private TableClient Table => storage.Table(StorageNames.FiguresTable);

    /// <summary>Counts once; false when the fact was already counted.</summary>
    /// <param name="count">What to count.</param>
    /// <param name="likelyCounted">The caller expects the fact to exist: one point read of it comes first, and saves the counter reads and the refused transaction when it does.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="InvalidOperationException">Other workers won the race for the counter rows <see cref="MaxAttempts"/> times.</exception>
    public async Task<bool> CountAsync(ReportCount count, CancellationToken cancellationToken, bool likelyCounted = false)
    {
        var table = Table;
        var partition = Partition(count.SequenceId, count.EnrollmentId);
        if (likelyCounted && await ExistsAsync(table, partition, FactKey(count.EnrollmentId, count.Fact, count.StepId), cancellationToken))
        {
            return false;
        }

        var fact = new TableEntity(partition, FactKey(count.EnrollmentId, count.Fact, count.StepId))
        {
            ["Version"] = count.Version,
            ["Column"] = count.Columns[0],
            ["AtUtc"] = count.AtUtc,
        };
        string[] keys = CountsActivity(count.Columns[0])
            ? [TotalKey(count.Version, count.StepId, count.Variant), HourKey(count.Version, count.AtUtc, count.StepId, count.Variant), ActivityKey(count.AtUtc)]
            : [TotalKey(count.Version, count.StepId, count.Variant), HourKey(count.Version, count.AtUtc, count.StepId, count.Variant)];
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var rows = await Task.WhenAll(keys.Select(key => table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken)));
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, fact) };
            for (var i = 0; i < keys.Length; i++)
            {
                var existing = rows[i].HasValue ? rows[i].Value : null;
                var row = new TableEntity(partition, keys[i]);
                foreach (var column in i < 2 ? count.Columns : count.Columns.Take(1))
                {
                    row[column] = (existing?.GetInt64(column) ?? 0) + 1;
                }

                actions.Add(existing is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateMerge, row, existing.ETag));
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
            {
                if (exception.FailedTransactionActionIndex == 0 || await ExistsAsync(table, partition, fact.RowKey, cancellationToken))
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 * Math.Min(attempt, 10))), cancellationToken);
            }
        }

        logger.LogError("Could not count {Fact} of {StepId} for {EnrollmentId} after {Attempts} attempts", count.Fact, count.StepId, count.EnrollmentId, MaxAttempts);
        throw new InvalidOperationException($"Could not count {count.Fact} of {count.StepId} after {MaxAttempts} attempts.");
    }

    /// <summary>Reads the counts of a version, all-time, or of the UTC hours from <paramref name="fromUtc"/> (inclusive) to <paramref name="toUtc"/> (exclusive).</summary>
    /// <returns>The counts per step and variant, and the storage requests the read took.</returns>
    public async Task<(IReadOnlyList<StepCounts> Counts, int Requests)> ReadAsync(string sequenceId, int version, DateTimeOffset? fromUtc, DateTimeOffset? toUtc, CancellationToken cancellationToken)
    {
        var v = version.ToString("D6", CultureInfo.InvariantCulture);
        var byHour = fromUtc is not null && toUtc is not null;
        var (low, high) = byHour ? ($"h|{v}|{Hour(fromUtc!.Value)}", $"h|{v}|{Hour(CeilingHour(toUtc!.Value))}") : ($"t|{v}|", $"t|{v}}}");
        var sums = new Dictionary<(string, string), StepCounts>();
        var requests = 0;
        for (var shard = 0; shard < Shards; shard++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(sequenceId, shard)} and RowKey ge {low} and RowKey lt {high}");
            await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).AsPages())
            {
                requests++;
                foreach (var row in page.Values)
                {
                    var parts = row.RowKey.Split('|');
                    var (step, variant) = byHour ? (parts[3], parts[4]) : (parts[2], parts[3]);
                    if (!sums.TryGetValue((step, variant), out var counts))
                    {
                        sums[(step, variant)] = counts = new StepCounts { StepId = step, Variant = variant };
                    }

                    foreach (var (column, value) in row)
                    {
                        if (value is long number)
                        {
                            counts.Add(column, number);
                        }
                    }
                }
            }
        }

        return ([.. sums.Values], requests);
    }

    /// <summary>Reads the sends and replies of sequences in the UTC hours from <paramref name="fromUtc"/> (inclusive) to <paramref name="toUtc"/> (exclusive), one query per sequence over its shards, all at once.</summary>
    /// <returns>The sends and replies counted in each UTC hour that had any, summed over the sequences.</returns>
    public async Task<IReadOnlyList<ActivityHour>> ReadActivityAsync(IEnumerable<string> sequenceIds, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var (low, high) = (ActivityKey(fromUtc), ActivityKey(CeilingHour(toUtc)));
        var sums = new System.Collections.Concurrent.ConcurrentDictionary<string, (long Sent, long Replied)>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(sequenceIds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (sequenceId, token) =>
        {
            var filter = ShardsFilter(sequenceId, low, high);
            await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", ReportMetric.Sent, ReportMetric.Replied], cancellationToken: token))
            {
                var (sent, replied) = (row.GetInt64(ReportMetric.Sent) ?? 0, row.GetInt64(ReportMetric.Replied) ?? 0);
                sums.AddOrUpdate(row.RowKey, (sent, replied), (_, sum) => (sum.Sent + sent, sum.Replied + replied));
            }
        });
        return [.. sums.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new ActivityHour(
            new DateTimeOffset(DateTime.ParseExact(s.Key[2..], HourFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), TimeSpan.Zero),
            s.Value.Sent,
            s.Value.Replied))];
    }

    /// <summary>Reads the all-time counts of every version of a sequence, summed: one query over its shards, however many versions and steps it has.</summary>
    /// <remarks>Active enrollments are enrolled minus ended over all versions, so an enrollment moved to a newer version (enrolled in one, ended in another) still counts once.</remarks>
    public async Task<SequenceTotals> ReadTotalsAsync(string sequenceId, CancellationToken cancellationToken)
    {
        var own = new StepCounts { StepId = ReportMetric.SequenceStep, Variant = "" };
        var steps = new StepCounts { StepId = "", Variant = "" };
        await foreach (var row in Table.QueryAsync<TableEntity>(ShardsFilter(sequenceId, "t|", "t}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var sum = row.RowKey.Split('|')[2] == ReportMetric.SequenceStep ? own : steps;
            foreach (var (column, value) in row)
            {
                if (value is long number)
                {
                    sum.Add(column, number);
                }
            }
        }

        return new SequenceTotals(own[ReportMetric.Enrolled], Math.Max(0, own[ReportMetric.Enrolled] - own[ReportMetric.Completed] - own[ReportMetric.Halted]), steps[ReportMetric.Sent], steps[ReportMetric.Replied]);
    }

    /// <summary>Removes the facts of an enrollment (an erasure, or retention after it ended); answers how many.</summary>
    public async Task<int> ForgetAsync(string sequenceId, string enrollmentId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(sequenceId, enrollmentId)} and RowKey ge {$"f|{enrollmentId}|"} and RowKey lt {$"f|{enrollmentId}}}"}");
        return await RowDeleter.DeleteAsync(Table, await RowDeleter.QueryAsync(Table, filter, cancellationToken), cancellationToken);
    }

    private static async Task<bool> ExistsAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>The shard of an enrollment: a stable hash of its id.</summary>
    public static int ShardOf(string enrollmentId) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(enrollmentId)) % Shards);

    private static string Partition(string sequenceId, string enrollmentId) => Partition(sequenceId, ShardOf(enrollmentId));

    /// <summary>The rows of one sequence's shards whose keys run from <paramref name="low"/> (inclusive) to <paramref name="high"/> (exclusive), as one query.</summary>
    /// <remarks>
    /// The shards' partitions are adjacent (<c>id|00</c> … <c>id|07</c>) and no other sequence's fall between them, since ids hold
    /// no <c>|</c>. Local storage (Azurite) answers one query at a time, so one query instead of eight makes the dashboard's lists of
    /// sequences several times faster there; Table Storage may answer it in a page per partition, which the client follows.
    /// </remarks>
    private static string ShardsFilter(string sequenceId, string low, string high) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {Partition(sequenceId, 0)} and PartitionKey le {Partition(sequenceId, Shards - 1)} and RowKey ge {low} and RowKey lt {high}");

    private static string Partition(string sequenceId, int shard) => string.Create(CultureInfo.InvariantCulture, $"{sequenceId}|{shard:D2}");

    private static string FactKey(string enrollmentId, string fact, string stepId) => $"f|{enrollmentId}|{fact}|{stepId}";

    private static string TotalKey(int version, string stepId, string? variant) => string.Create(CultureInfo.InvariantCulture, $"t|{version:D6}|{stepId}|{variant}");

    private static string HourKey(int version, DateTimeOffset at, string stepId, string? variant) =>
        string.Create(CultureInfo.InvariantCulture, $"h|{version:D6}|{Hour(at)}|{stepId}|{variant}");

    /// <summary>Whether a count whose first column is <paramref name="column"/> also counts in its hour's activity row: sends and replies do.</summary>
    private static bool CountsActivity(string column) => column is ReportMetric.Sent or ReportMetric.Replied;

    private static string ActivityKey(DateTimeOffset at) => "a|" + Hour(at);

    private static string Hour(DateTimeOffset at) => at.UtcDateTime.ToString(HourFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset CeilingHour(DateTimeOffset at)
    {
        var floor = new DateTimeOffset(at.UtcDateTime.Date.AddHours(at.UtcDateTime.Hour), TimeSpan.Zero);
        return floor == at ? at : floor.AddHours(1);
    }
}
