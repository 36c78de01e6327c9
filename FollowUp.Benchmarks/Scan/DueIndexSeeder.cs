using Azure.Data.Tables;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Storage;

namespace FollowUp.Benchmarks.Scan;

/// <summary>Writes DueIndex rows in bulk: batch transactions of up to 100 rows of one shard, several in flight at once.</summary>
/// <remarks>
/// Rows have exactly the properties <see cref="DueIndex.AddAsync"/> writes, and a batch never spans partitions, since real
/// Table Storage refuses that even though Azurite accepts it.
/// </remarks>
internal sealed class DueIndexSeeder(TableClient table, TimeProvider time)
{
    /// <summary>The most operations one batch transaction may hold.</summary>
    public const int BatchSize = 100;

    /// <summary>How many batches are sent at once.</summary>
    public const int BatchesInFlight = 8;

    /// <summary>How far ahead the scheduled rows fall due: between one and thirty-one days from now.</summary>
    private static readonly (TimeSpan From, TimeSpan Span) FutureWindow = (TimeSpan.FromDays(1), TimeSpan.FromDays(30));

    /// <summary>How far in the past the due rows fell due.</summary>
    private static readonly TimeSpan DueWindow = TimeSpan.FromMinutes(1);

    private readonly Random random = new(20_240_601);

    /// <summary>Adds <paramref name="count"/> rows due days from now, spread over a month.</summary>
    public Task AddFutureAsync(int count, CancellationToken cancellationToken) =>
        WriteAsync(Entries(count, time.GetUtcNow() + FutureWindow.From, FutureWindow.Span), cancellationToken);

    /// <summary>Adds <paramref name="count"/> rows that fell due within the last minute; returns them.</summary>
    public async Task<IReadOnlyList<DueEntry>> AddDueAsync(int count, CancellationToken cancellationToken)
    {
        var entries = Entries(count, time.GetUtcNow() - DueWindow, DueWindow).ToList();
        await WriteAsync(entries, cancellationToken);
        return entries;
    }

    private IEnumerable<DueEntry> Entries(int count, DateTimeOffset from, TimeSpan span)
    {
        for (var i = 0; i < count; i++)
        {
            var due = from + TimeSpan.FromTicks(random.NextInt64(span.Ticks));
            yield return new DueEntry(EnrollmentId.Create(RandomIds.Create(12)), "step-1", 1, due);
        }
    }

    private async Task WriteAsync(IEnumerable<DueEntry> entries, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(
            Batches(entries),
            new ParallelOptions { MaxDegreeOfParallelism = BatchesInFlight, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));

    /// <summary>Groups entries by shard into batches of at most <see cref="BatchSize"/>, yielding each as it fills.</summary>
    private static IEnumerable<List<TableTransactionAction>> Batches(IEnumerable<DueEntry> entries)
    {
        var open = new Dictionary<string, List<TableTransactionAction>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!open.TryGetValue(entry.PartitionKey, out var batch))
            {
                open[entry.PartitionKey] = batch = new List<TableTransactionAction>(BatchSize);
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(entry)));
            if (batch.Count == BatchSize)
            {
                open.Remove(entry.PartitionKey);
                yield return batch;
            }
        }

        foreach (var batch in open.Values)
        {
            yield return batch;
        }
    }

    /// <summary>The row as <see cref="DueIndex.AddAsync"/> writes it.</summary>
    private static TableEntity ToEntity(DueEntry entry) => new(entry.PartitionKey, entry.RowKey)
    {
        ["EnrollmentId"] = entry.EnrollmentId,
        ["StepId"] = entry.StepId,
        ["SequenceVersion"] = entry.SequenceVersion,
        ["DueUtc"] = entry.DueUtc,
    };
}
