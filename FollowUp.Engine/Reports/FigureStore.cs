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
/// A partition is a shard (<c>00</c> to <c>07</c>, a hash of the enrollment id, <see cref="Shards"/> of them) shared by every
/// sequence. It holds the facts of that shard's enrollments, <c>f|&lt;enrollment&gt;|&lt;fact&gt;|&lt;step&gt;</c>, and its share
/// of the counters: per sequence, one all-time row <c>t|&lt;sequence&gt;|&lt;version&gt;|&lt;step&gt;|&lt;variant&gt;</c> and one row
/// per UTC hour <c>h|&lt;sequence&gt;|&lt;version&gt;|&lt;yyyyMMddHH&gt;|&lt;step&gt;|&lt;variant&gt;</c>; a send or a reply also counts
/// in the shard's activity row of its UTC hour, <c>a|&lt;yyyyMMddHH&gt;</c>, which sums every sequence, so that the dashboard's
/// overview reads a week in one short range per shard, however many sequences there are.
/// A count is one entity-group transaction: Add the fact, and Add or ETag-conditional Merge each counter row. Table
/// transactions are atomic within a partition, so the fact exists exactly when the counters include it: a retry, a
/// redelivered message, a repeated webhook or a crash before or after the transaction leaves one count. A 409 on the fact
/// means it was counted; a 409 or 412 on a counter row means another worker counted in the shard first, and the count reads
/// the rows again and retries. Every read is one range query per shard partition, run at once: a report, the overview's
/// activity, and the totals of a whole page of sequences each cost <see cref="Shards"/> queries. Facts name an enrollment and
/// nothing else, and are removed with it by erasure and retention. <see cref="FigureLayoutUpgrade"/> moves counts kept in the
/// layout before this one (a partition per sequence and shard).
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
        var partition = Partition(ShardOf(count.EnrollmentId));
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
            ? [TotalKey(count.SequenceId, count.Version, count.StepId, count.Variant), HourKey(count.SequenceId, count.Version, count.AtUtc, count.StepId, count.Variant), ActivityKey(count.AtUtc)]
            : [TotalKey(count.SequenceId, count.Version, count.StepId, count.Variant), HourKey(count.SequenceId, count.Version, count.AtUtc, count.StepId, count.Variant)];
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
        var (low, high) = byHour
            ? ($"h|{sequenceId}|{v}|{Hour(fromUtc!.Value)}", $"h|{sequenceId}|{v}|{Hour(CeilingHour(toUtc!.Value))}")
            : ($"t|{sequenceId}|{v}|", $"t|{sequenceId}|{v}}}");
        var sums = new Dictionary<(string, string), StepCounts>();
        var requests = await ReadShardsAsync(low, high, null, row =>
        {
            var parts = row.RowKey.Split('|');
            var (step, variant) = byHour ? (parts[4], parts[5]) : (parts[3], parts[4]);
            if (!sums.TryGetValue((step, variant), out var counts))
            {
                sums[(step, variant)] = counts = new StepCounts { StepId = step, Variant = variant };
            }

            AddColumns(counts, row);
        }, cancellationToken);
        return ([.. sums.Values], requests);
    }

    /// <summary>Reads the sends and replies of every sequence in the UTC hours from <paramref name="fromUtc"/> (inclusive) to <paramref name="toUtc"/> (exclusive).</summary>
    /// <returns>The sends and replies counted in each UTC hour that had any.</returns>
    public async Task<IReadOnlyList<ActivityHour>> ReadActivityAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var sums = new SortedDictionary<string, (long Sent, long Replied)>(StringComparer.Ordinal);
        await ReadShardsAsync(ActivityKey(fromUtc), ActivityKey(CeilingHour(toUtc)), ["RowKey", ReportMetric.Sent, ReportMetric.Replied], row =>
        {
            var (sent, replied) = sums.GetValueOrDefault(row.RowKey);
            sums[row.RowKey] = (sent + (row.GetInt64(ReportMetric.Sent) ?? 0), replied + (row.GetInt64(ReportMetric.Replied) ?? 0));
        }, cancellationToken);
        return [.. sums.Select(s => new ActivityHour(
            new DateTimeOffset(DateTime.ParseExact(s.Key[2..], HourFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), TimeSpan.Zero),
            s.Value.Sent,
            s.Value.Replied))];
    }

    /// <summary>Reads the all-time counts of every version of each of the sequences, summed per sequence: one query per shard for them all.</summary>
    /// <remarks>
    /// The query covers the ids from the first to the last in order, so it suits a page of a list in id order, where no other
    /// sequence falls between. Active enrollments are enrolled minus ended over all versions, so an enrollment moved to a newer
    /// version (enrolled in one, ended in another) still counts once.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, SequenceTotals>> ReadTotalsAsync(IReadOnlyCollection<string> sequenceIds, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, SequenceTotals>(StringComparer.Ordinal);
        if (sequenceIds.Count == 0)
        {
            return totals;
        }

        var ids = sequenceIds.ToHashSet(StringComparer.Ordinal);
        var ordered = ids.Order(StringComparer.Ordinal).ToList();
        var sums = ids.ToDictionary(id => id, _ => (Own: new StepCounts { StepId = ReportMetric.SequenceStep, Variant = "" }, Steps: new StepCounts { StepId = "", Variant = "" }), StringComparer.Ordinal);
        await ReadShardsAsync($"t|{ordered[0]}|", $"t|{ordered[^1]}}}", null, row =>
        {
            var parts = row.RowKey.Split('|');
            if (sums.TryGetValue(parts[1], out var sum))
            {
                AddColumns(parts[3] == ReportMetric.SequenceStep ? sum.Own : sum.Steps, row);
            }
        }, cancellationToken);
        foreach (var (id, (own, steps)) in sums)
        {
            totals[id] = new SequenceTotals(own[ReportMetric.Enrolled], Math.Max(0, own[ReportMetric.Enrolled] - own[ReportMetric.Completed] - own[ReportMetric.Halted]), steps[ReportMetric.Sent], steps[ReportMetric.Replied]);
        }

        return totals;
    }

    /// <summary>Reads the all-time counts of every version of a sequence, summed.</summary>
    public async Task<SequenceTotals> ReadTotalsAsync(string sequenceId, CancellationToken cancellationToken) =>
        (await ReadTotalsAsync([sequenceId], cancellationToken))[sequenceId];

    /// <summary>Removes the facts of an enrollment (an erasure, or retention after it ended); answers how many.</summary>
    public async Task<int> ForgetAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(ShardOf(enrollmentId))} and RowKey ge {$"f|{enrollmentId}|"} and RowKey lt {$"f|{enrollmentId}}}"}");
        return await RowDeleter.DeleteAsync(Table, await RowDeleter.QueryAsync(Table, filter, cancellationToken), cancellationToken);
    }

    /// <summary>The shard of an enrollment: a stable hash of its id.</summary>
    public static int ShardOf(string enrollmentId) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(enrollmentId)) % Shards);

    /// <summary>The partition of a shard.</summary>
    internal static string Partition(int shard) => shard.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Reads the rows whose keys run from <paramref name="low"/> (inclusive) to <paramref name="high"/> (exclusive) in every shard, one query per shard, all at once; answers the storage requests made.</summary>
    /// <remarks>Each query names one partition, so Table Storage seeks to the range instead of scanning facts; <paramref name="add"/> is called for one row at a time.</remarks>
    private async Task<int> ReadShardsAsync(string low, string high, string[]? columns, Action<TableEntity> add, CancellationToken cancellationToken)
    {
        var gate = new Lock();
        var pages = await Task.WhenAll(Enumerable.Range(0, Shards).Select(async shard =>
        {
            var requests = 0;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(shard)} and RowKey ge {low} and RowKey lt {high}");
            await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: columns, cancellationToken: cancellationToken).AsPages())
            {
                requests++;
                lock (gate)
                {
                    foreach (var row in page.Values)
                    {
                        add(row);
                    }
                }
            }

            return requests;
        }));
        return pages.Sum();
    }

    private static void AddColumns(StepCounts counts, TableEntity row)
    {
        foreach (var (column, value) in row)
        {
            if (value is long number)
            {
                counts.Add(column, number);
            }
        }
    }

    private static async Task<bool> ExistsAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue;

    private static string FactKey(string enrollmentId, string fact, string stepId) => $"f|{enrollmentId}|{fact}|{stepId}";

    private static string TotalKey(string sequenceId, int version, string stepId, string? variant) =>
        string.Create(CultureInfo.InvariantCulture, $"t|{sequenceId}|{version:D6}|{stepId}|{variant}");

    private static string HourKey(string sequenceId, int version, DateTimeOffset at, string stepId, string? variant) =>
        string.Create(CultureInfo.InvariantCulture, $"h|{sequenceId}|{version:D6}|{Hour(at)}|{stepId}|{variant}");

    /// <summary>Whether a count whose first column is <paramref name="column"/> also counts in its hour's activity row: sends and replies do.</summary>
    private static bool CountsActivity(string column) => column is ReportMetric.Sent or ReportMetric.Replied;

    /// <summary>The key of the activity row of the UTC hour of <paramref name="at"/>.</summary>
    internal static string ActivityKey(DateTimeOffset at) => "a|" + Hour(at);

    private static string Hour(DateTimeOffset at) => at.UtcDateTime.ToString(HourFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset CeilingHour(DateTimeOffset at)
    {
        var floor = new DateTimeOffset(at.UtcDateTime.Date.AddHours(at.UtcDateTime.Hour), TimeSpan.Zero);
        return floor == at ? at : floor.AddHours(1);
    }
}
