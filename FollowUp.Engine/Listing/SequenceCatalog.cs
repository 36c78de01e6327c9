using System.Globalization;
using Azure.Data.Tables;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Listing;

/// <summary>Pages through the sequences by id, reading the latest version of each and nothing of the versions before it.</summary>
/// <remarks>
/// The Sequences table has one partition per sequence whose first row is the latest version, so the next sequence after
/// <c>X</c> is the first row of <c>PartitionKey gt X</c>: a one-row query that never reads older versions. A page of n
/// sequences costs n + 1 such queries (the last one says whether more follow), plus a point read of each version's
/// definition that <see cref="SequenceStore"/> has not cached yet.
/// </remarks>
public sealed class SequenceCatalog(FollowUpStorage storage, SequenceStore sequences)
{
    private const int MaxVersion = 999_999_999;
    private readonly TableClient table = storage.Table(StorageNames.SequencesTable);

    /// <summary>Reads up to <paramref name="limit"/> sequences whose id follows <paramref name="after"/> (all when null), in id order.</summary>
    /// <returns>The latest version of each, and whether more sequences follow.</returns>
    public async Task<(List<Sequence> Sequences, bool More)> PageAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var page = new List<Sequence>();
        var position = after;
        while (await NextAsync(position, cancellationToken) is var (id, version))
        {
            if (page.Count == limit)
            {
                return (page, true);
            }

            if (await sequences.FindAsync(id, version, cancellationToken) is { } sequence)
            {
                page.Add(sequence);
            }

            position = id;
        }

        return (page, false);
    }

    /// <summary>The id of every sequence, from one query that reads only the keys of the Sequences table.</summary>
    public async Task<List<string>> ListIdsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (ids.Count == 0 || ids[^1] != row.PartitionKey)
            {
                ids.Add(row.PartitionKey);
            }
        }

        return ids;
    }

    /// <summary>The id and latest version of the first sequence after <paramref name="after"/>, or null when there is none.</summary>
    private async Task<(string Id, int Version)?> NextAsync(string? after, CancellationToken cancellationToken)
    {
        var filter = after is null ? null : TableClient.CreateQueryFilter($"PartitionKey gt {after}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            return (row.PartitionKey, MaxVersion - int.Parse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        return null;
    }
}
