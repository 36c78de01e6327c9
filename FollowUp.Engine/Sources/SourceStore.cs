using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources;

/// <summary>The Sources table: one row per source, holding its <see cref="SourceDocument"/> (never a secret).</summary>
public sealed class SourceStore(FollowUpStorage storage)
{
    /// <summary>The longest document, as JSON, that the row's one property holds: 64 KiB, two bytes a character.</summary>
    public const int MaxDocumentLength = 32_000;

    private readonly TableClient table = storage.Table(StorageNames.SourcesTable);

    /// <summary>Whether <paramref name="source"/> fits in its row (<see cref="MaxDocumentLength"/>) as <see cref="SaveAsync"/> stores it.</summary>
    public static bool Fits(Source source) => SourceRow.Serialize(source).Length <= MaxDocumentLength;

    /// <summary>Saves the source, replacing an earlier definition.</summary>
    public async Task SaveAsync(Source source, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(SourceRow.From(source), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The first <paramref name="max"/> sources in id order, one query of the table (a business has a handful).</summary>
    public async Task<List<Source>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var list = new List<Source>();
        await foreach (var row in table.QueryAsync<SourceRow>(maxPerPage: Math.Min(max, 1000), select: [nameof(SourceRow.PartitionKey), nameof(SourceRow.Document)], cancellationToken: cancellationToken))
        {
            list.Add(row.ToSource());
            if (list.Count == max)
            {
                break;
            }
        }

        return list;
    }

    /// <summary>Reads a source, or null.</summary>
    public async Task<Source?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<SourceRow>(id, "", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToSource() : null;
    }
}
