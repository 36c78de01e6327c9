using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Reports;

/// <summary>Keeps the report's counters in the Figures table, each count made exactly once by a fact row written in the same transaction.</summary>
/// <remarks>
/// A partition is a shard (<c>00</c> to <c>07</c>, a hash of the enrollment id, <see cref="Shards"/> of them) shared by every
/// sequence. It holds the facts of that shard's enrollments, <c>f|&lt;enrollment&gt;|&lt;fact&gt;|&lt;step&gt;</c>, their pending
/// counts, <c>p|&lt;enrollment&gt;|&lt;fact&gt;|&lt;step&gt;</c>, and its share of the counters: per sequence, one all-time row
/// <c>t|&lt;sequence&gt;|&lt;version&gt;|&lt;step&gt;|&lt;variant&gt;</c> and one row per UTC hour
/// <c>h|&lt;sequence&gt;|&lt;version&gt;|&lt;yyyyMMddHH&gt;|&lt;step&gt;|&lt;variant&gt;</c>; a send or a reply also counts in the
/// shard's activity row of its UTC hour, <c>a|&lt;yyyyMMddHH&gt;</c>, which sums every sequence, so that the dashboard's overview
/// reads a week in one short range per shard, however many sequences there are.
/// A count is one entity-group transaction that reads nothing first: Add the fact, and Add a pending row that holds what the
/// counters need (sequence, version, step, variant, columns, time). A 409 means the fact was counted: a retry, a redelivered
/// message, a repeated webhook or a crash before or after the transaction leaves one count, and counts never race for a
/// shared counter row. <see cref="PendingFold"/> later moves pending rows into the counter rows, the counter change and the
/// Delete of the pending rows in one transaction, so each count is in the counters or pending, never both and never neither.
/// A read folds first: per shard it queries the pending rows, folds them if there are any, and then queries the range it
/// reads. Summing the pending rows into the read instead would skip the writes, but a fold committed by another worker
/// between the two queries would show its counts twice or not at all; folding first is exact, writes nothing when nothing is
/// pending, and its work is work some fold must do anyway. The daily retention run
/// folds every shard (<see cref="FoldAsync(CancellationToken)"/>), so pending rows stay at most a day's counts when nobody
/// reads, and an idle app makes no storage request for them. Every read is then one range query per shard partition after
/// the query of its pending rows, the shards at once: a report, the overview's activity, and the totals of a whole page of
/// sequences each cost twice <see cref="Shards"/> queries. Facts and pending rows name an enrollment by its id and nothing
/// else; erasure and retention fold the enrollment's pending rows and then remove its facts, so its counts stay.
/// <see cref="FigureLayoutUpgrade"/> moves counts kept in the layout before this one (a partition per sequence and shard).
/// </remarks>
public sealed class FigureStore(FollowUpStorage storage, ILogger<FigureStore> logger)
{
    /// <summary>How many partitions a sequence's counters are spread over.</summary>
    public const int Shards = 8;

    private const string HourFormat = "yyyyMMddHH";

    /// <summary>The start of the pending rows' keys.</summary>
    private const string PendingLow = PendingCountRow.Prefix;

    /// <summary>The end (exclusive) of the pending rows' keys.</summary>
    private const string PendingHigh = "p}";

    /// <summary>One turn per shard for the folds of this process.</summary>
    private readonly SemaphoreSlim[] folds = [.. Enumerable.Range(0, Shards).Select(_ => new SemaphoreSlim(1, 1))];

    private TableClient Table => storage.Table(StorageNames.FiguresTable);

    /// <summary>Counts once, in one transaction that reads nothing; false when the fact was already counted.</summary>
    public async Task<bool> CountAsync(ReportCount count, CancellationToken cancellationToken)
    {
        try
        {
            await Table.SubmitTransactionAsync(Actions(count), cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Counts facts of one enrollment once each, in one transaction when none was counted yet (they share its shard), or one by one when one was.</summary>
    public async Task CountTogetherAsync(IReadOnlyList<ReportCount> counts, CancellationToken cancellationToken)
    {
        if (counts.Select(count => count.EnrollmentId).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            throw new ArgumentException("The counts must be of one enrollment.", nameof(counts));
        }

        try
        {
            await Table.SubmitTransactionAsync(counts.SelectMany(Actions), cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            foreach (var count in counts)
            {
                await CountAsync(count, cancellationToken);
            }
        }
    }

    /// <summary>The Adds of a count: its fact, which makes it once, and its pending row, which a fold moves into the counters.</summary>
    private static TableTransactionAction[] Actions(ReportCount count) =>
    [
        new(TableTransactionActionType.Add, FigureFactRow.From(count)),
        new(TableTransactionActionType.Add, PendingCountRow.From(count)),
    ];

    /// <summary>Folds the pending counts of every shard into the counter rows; answers how many.</summary>
    /// <exception cref="InvalidOperationException">Other folders kept winning the race for a shard's counter rows.</exception>
    public async Task<int> FoldAsync(CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards).Select(shard => FoldAsync(shard, PendingLow, PendingHigh, null, cancellationToken)));
        var folded = shards.Sum(shard => shard.Folded);
        logger.LogInformation("Folded {Counts} pending report counts into the counter rows", folded);
        return folded;
    }

    /// <summary>Folds the pending counts of one enrollment into the counter rows; answers how many.</summary>
    internal async Task<int> FoldAsync(string enrollmentId, CancellationToken cancellationToken) =>
        (await FoldAsync(ShardOf(enrollmentId), $"{PendingLow}{enrollmentId}|", $"{PendingLow}{enrollmentId}}}", null, cancellationToken)).Folded;

    /// <summary>Folds the pending rows of a shard whose keys run from <paramref name="low"/> to <paramref name="high"/>, one fold of the shard at a time in this process.</summary>
    /// <remarks>
    /// Folds in other processes race through the ETags of <see cref="PendingFold"/>; within one process they take turns, so
    /// that reads made at once (the dashboard's) do not redo each other's work and lose the race for it. A fold that had to
    /// wait reads the pending rows again instead of using <paramref name="first"/>, which the fold before it moved.
    /// </remarks>
    private async Task<(int Folded, int Requests)> FoldAsync(int shard, string low, string high, (IReadOnlyList<PendingCountRow> Rows, bool More)? first, CancellationToken cancellationToken)
    {
        var turn = folds[shard];
        if (!turn.Wait(0))
        {
            await turn.WaitAsync(cancellationToken);
            first = null;
        }

        try
        {
            return await PendingFold.FoldAsync(Table, Partition(shard), low, high, first, cancellationToken);
        }
        finally
        {
            turn.Release();
        }
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
        await ReadShardsAsync(ActivityKey(fromUtc), ActivityKey(CeilingHour(toUtc)), [nameof(FigureCounterRow.RowKey), ReportMetric.Sent, ReportMetric.Replied], row =>
        {
            var (sent, replied) = sums.GetValueOrDefault(row.RowKey);
            sums[row.RowKey] = (sent + row.Counts.GetValueOrDefault(ReportMetric.Sent), replied + row.Counts.GetValueOrDefault(ReportMetric.Replied));
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

    /// <summary>Removes the facts of an enrollment (an erasure, or retention after it ended), after folding its pending counts, which stay counted; answers how many facts.</summary>
    public async Task<int> ForgetAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        await FoldAsync(enrollmentId, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(ShardOf(enrollmentId))} and RowKey ge {$"{FigureFactRow.Prefix}{enrollmentId}|"} and RowKey lt {$"{FigureFactRow.Prefix}{enrollmentId}}}"}");
        return await RowDeleter.DeleteAsync(Table, await RowDeleter.QueryAsync(Table, filter, cancellationToken), cancellationToken);
    }

    /// <summary>The shard of an enrollment: a stable hash of its id.</summary>
    public static int ShardOf(string enrollmentId) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(enrollmentId)) % Shards);

    /// <summary>The partition of a shard.</summary>
    internal static string Partition(int shard) => shard.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>The partition of the fact and pending rows of <paramref name="count"/>: its enrollment's shard.</summary>
    internal static string PartitionOf(ReportCount count) => Partition(ShardOf(count.EnrollmentId));

    /// <summary>The key of <paramref name="count"/> after the prefix of its fact and pending rows: enrollment, fact and step.</summary>
    internal static string CountKey(ReportCount count) => $"{count.EnrollmentId}|{count.Fact}|{count.StepId}";

    /// <summary>Reads the rows whose keys run from <paramref name="low"/> (inclusive) to <paramref name="high"/> (exclusive) in every shard, the shards at once, each after folding its pending counts; answers the storage requests made.</summary>
    /// <remarks>Each query names one partition, so Table Storage seeks to the range instead of scanning facts; <paramref name="add"/> is called for one row at a time.</remarks>
    private async Task<int> ReadShardsAsync(string low, string high, string[]? columns, Action<FigureCounterRow> add, CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards).Select(shard => ReadShardAsync(shard, low, high, columns, cancellationToken)));
        foreach (var row in shards.SelectMany(shard => shard.Rows))
        {
            add(row);
        }

        return shards.Sum(shard => shard.Requests);
    }

    /// <summary>Reads a range of one shard after folding its pending rows, if it has any.</summary>
    /// <remarks>
    /// The pending rows are read first, and the range only after them (and after the fold): run at once, a fold by another
    /// worker committed between the two answers could leave its counts out of both.
    /// </remarks>
    private async Task<(List<FigureCounterRow> Rows, int Requests)> ReadShardAsync(int shard, string low, string high, string[]? columns, CancellationToken cancellationToken)
    {
        var (table, partition) = (Table, Partition(shard));
        var pending = await PendingFold.ReadAsync(table, partition, PendingLow, PendingHigh, cancellationToken);
        var folding = pending.Rows.Count == 0 ? 0 : (await FoldAsync(shard, PendingLow, PendingHigh, pending, cancellationToken)).Requests;
        var (rows, reading) = await QueryAsync(table, partition, low, high, columns, cancellationToken);
        return (rows, 1 + folding + reading);
    }

    /// <summary>Reads every row of <paramref name="partition"/> whose key runs from <paramref name="low"/> to <paramref name="high"/>; answers them and the pages read.</summary>
    private static async Task<(List<FigureCounterRow> Rows, int Requests)> QueryAsync(TableClient table, string partition, string low, string high, string[]? columns, CancellationToken cancellationToken)
    {
        var (rows, requests) = (new List<FigureCounterRow>(), 0);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {low} and RowKey lt {high}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: columns, cancellationToken: cancellationToken).AsPages())
        {
            requests++;
            rows.AddRange(page.Values.Select(FigureCounterRow.From));
        }

        return (rows, requests);
    }

    private static void AddColumns(StepCounts counts, FigureCounterRow row)
    {
        foreach (var (column, number) in row.Counts)
        {
            counts.Add(column, number);
        }
    }

    /// <summary>The counter rows a pending row adds one to, each with the columns it adds one to.</summary>
    internal static IEnumerable<(string RowKey, IReadOnlyList<string> Columns)> Counters(PendingCountRow pending)
    {
        var columns = pending.CountedColumns();
        yield return (TotalKey(pending.SequenceId, pending.Version, pending.StepId, pending.Variant), columns);
        yield return (HourKey(pending.SequenceId, pending.Version, pending.AtUtc, pending.StepId, pending.Variant), columns);
        if (CountsActivity(columns[0]))
        {
            yield return (ActivityKey(pending.AtUtc), [columns[0]]);
        }
    }

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
