using Azure.Data.Tables;

namespace FollowUp.Engine.Reports;

/// <summary>Moves the pending rows of a <see cref="FigureStore"/> shard into its counter rows, each pending row exactly once.</summary>
/// <remarks>
/// A fold reads a page of pending rows, packs them into groups of at most <see cref="MaxActions"/> actions (the rows' Deletes plus
/// one Add or ETag-conditional Merge of every counter row the group adds to), and submits each group as one entity-group
/// transaction after point-reading its counter rows. The counter change and the Delete of the pending rows it holds commit
/// together, so a crash between groups leaves the rest pending, never counted twice or lost. A 404, 409 or 412 means another
/// folder changed a counter row or folded a row of the group first: nothing of the group was written, and the fold reads the
/// pending rows again and goes on with what is left.
/// </remarks>
internal static class PendingFold
{
    /// <summary>The most actions one entity-group transaction may hold.</summary>
    private const int MaxActions = 100;

    /// <summary>How many pending rows one read takes.</summary>
    private const int PageSize = 1000;

    /// <summary>How many times a fold re-reads after losing a race before it gives up.</summary>
    private const int MaxConflicts = 200;

    /// <summary>Reads the first page of the pending rows of <paramref name="partition"/> whose keys run from <paramref name="low"/> (inclusive) to <paramref name="high"/> (exclusive).</summary>
    /// <returns>The rows, and whether more follow them.</returns>
    public static async Task<(IReadOnlyList<PendingCountRow> Rows, bool More)> ReadAsync(TableClient table, string partition, string low, string high, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {low} and RowKey lt {high}");
        await foreach (var page in table.QueryAsync<PendingCountRow>(filter, maxPerPage: PageSize, cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0 || page.ContinuationToken is null)
            {
                return (page.Values, page.ContinuationToken is not null);
            }
        }

        return ([], false);
    }

    /// <summary>Folds the pending rows of <paramref name="partition"/> whose keys run from <paramref name="low"/> to <paramref name="high"/>, every page, starting from <paramref name="first"/> when the caller has read it already.</summary>
    /// <returns>The pending rows this fold moved, and the storage requests it made.</returns>
    /// <exception cref="InvalidOperationException">Other folders won the race <see cref="MaxConflicts"/> times.</exception>
    public static async Task<(int Folded, int Requests)> FoldAsync(
        TableClient table, string partition, string low, string high, (IReadOnlyList<PendingCountRow> Rows, bool More)? first, CancellationToken cancellationToken)
    {
        int folded = 0, requests = 0, conflicts = 0;
        var page = first;
        while (true)
        {
            if (page is null)
            {
                page = await ReadAsync(table, partition, low, high, cancellationToken);
                requests++;
            }

            var (rows, more) = page.Value;
            page = null;
            var clean = true;
            foreach (var group in Groups(rows))
            {
                var (done, made) = await FoldGroupAsync(table, partition, group, cancellationToken);
                requests += made;
                if (!done)
                {
                    clean = false;
                    break;
                }

                folded += group.Count;
            }

            if (clean && !more)
            {
                return (folded, requests);
            }

            if (!clean)
            {
                if (++conflicts >= MaxConflicts)
                {
                    throw new InvalidOperationException($"Could not fold the pending report counts of shard {partition} after {MaxConflicts} races.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 * Math.Min(conflicts, 10))), cancellationToken);
            }
        }
    }

    /// <summary>Packs pending rows, in the order of their counter rows, into groups whose Deletes and counter writes fit one transaction.</summary>
    private static IEnumerable<List<PendingCountRow>> Groups(IEnumerable<PendingCountRow> rows)
    {
        var group = new List<PendingCountRow>();
        var counters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, keys) in rows.Select(row => (Row: row, Keys: FigureStore.Counters(row).Select(c => c.RowKey).ToList())).OrderBy(r => r.Keys[0], StringComparer.Ordinal))
        {
            if (group.Count + 1 + counters.Count + keys.Count(key => !counters.Contains(key)) > MaxActions)
            {
                yield return group;
                (group, counters) = ([], new HashSet<string>(StringComparer.Ordinal));
            }

            group.Add(row);
            counters.UnionWith(keys);
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    /// <summary>Adds a group's counts to its counter rows and deletes its pending rows in one transaction.</summary>
    /// <returns>Whether it committed (false when another folder was first), and the storage requests it made.</returns>
    private static async Task<(bool Done, int Requests)> FoldGroupAsync(TableClient table, string partition, List<PendingCountRow> group, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (rowKey, columns) in group.SelectMany(FigureStore.Counters))
        {
            if (!sums.TryGetValue(rowKey, out var sum))
            {
                sums[rowKey] = sum = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            foreach (var column in columns)
            {
                sum[column] = sum.GetValueOrDefault(column) + 1;
            }
        }

        var existing = await Task.WhenAll(sums.Keys.Select(key => table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken)));
        var actions = new List<TableTransactionAction>();
        foreach (var (found, (rowKey, sum)) in existing.Zip(sums))
        {
            var old = found.HasValue ? FigureCounterRow.From(found.Value!) : null;
            var counter = new FigureCounterRow { PartitionKey = partition, RowKey = rowKey };
            foreach (var (column, delta) in sum)
            {
                counter.Counts[column] = (old?.Counts.GetValueOrDefault(column) ?? 0) + delta;
            }

            actions.Add(old is null ? new(TableTransactionActionType.Add, counter.ToEntity()) : new(TableTransactionActionType.UpdateMerge, counter.ToEntity(), old.ETag));
        }

        actions.AddRange(group.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag)));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return (true, sums.Count + 1);
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            return (false, sums.Count + 1);
        }
    }
}
