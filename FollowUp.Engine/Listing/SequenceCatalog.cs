using System.Globalization;
using Azure.Data.Tables;
using FollowUp.Engine.Sequences;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Listing;

/// <summary>Pages through the sequences by id, reading the latest version of each.</summary>
/// <remarks>
/// The Sequences table has one partition per sequence whose first row is the latest version, so a page is one key-only
/// query from the position on, which takes the first row of each partition until the page is full (older versions' keys
/// pass by, a thousand to a request), plus a point read of each version's definition that <see cref="SequenceStore"/> has
/// not cached yet, all at once.
/// </remarks>
public sealed class SequenceCatalog(FollowUpStorage storage, SequenceStore sequences)
{
    private const int MaxVersion = 999_999_999;
    private readonly TableClient table = storage.Table(StorageNames.SequencesTable);

    /// <summary>Reads up to <paramref name="limit"/> sequences whose id follows <paramref name="after"/> (all when null), in id order.</summary>
    /// <returns>The latest version of each, and whether more sequences follow.</returns>
    public async Task<(List<Sequence> Sequences, bool More)> PageAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var latest = new List<(string Id, int Version)>();
        var filter = after is null ? null : TableClient.CreateQueryFilter($"PartitionKey gt {after}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: [nameof(TableEntity.PartitionKey), nameof(TableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            if (latest.Count > 0 && latest[^1].Id == row.PartitionKey)
            {
                continue;
            }

            if (latest.Count == limit)
            {
                return (await FindAllAsync(latest, cancellationToken), true);
            }

            latest.Add((row.PartitionKey, MaxVersion - int.Parse(row.RowKey, NumberStyles.None, CultureInfo.InvariantCulture)));
        }

        return (await FindAllAsync(latest, cancellationToken), false);
    }

    private async Task<List<Sequence>> FindAllAsync(List<(string Id, int Version)> latest, CancellationToken cancellationToken) =>
        [.. (await Task.WhenAll(latest.Select(s => sequences.FindAsync(s.Id, s.Version, cancellationToken)))).OfType<Sequence>()];
}
