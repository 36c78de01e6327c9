using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Http;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources;

/// <summary>The Sources table: one row per source, holding its <see cref="SourceDocument"/> (never a secret).</summary>
public sealed class SourceStore(FollowUpStorage storage)
{
    /// <summary>The longest document, as JSON, that the row's one property holds: 64 KiB, two bytes a character.</summary>
    public const int MaxDocumentLength = 32_000;

    private readonly TableClient table = storage.Table(StorageNames.SourcesTable);

    /// <summary>Whether <paramref name="source"/> fits in its row (<see cref="MaxDocumentLength"/>) as <see cref="SaveAsync"/> stores it.</summary>
    public static bool Fits(Source source) => Serialize(source).Length <= MaxDocumentLength;

    /// <summary>Saves the source, replacing an earlier definition.</summary>
    public async Task SaveAsync(Source source, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(source.Id, "") { ["Document"] = Serialize(source) }, TableUpdateMode.Replace, cancellationToken);

    private static string Serialize(Source source) => JsonSerializer.Serialize(SourceDocument.From(source), FollowUpJson.Options);

    /// <summary>Reads a source, or null.</summary>
    public async Task<Source?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return entity.HasValue
            ? JsonSerializer.Deserialize<SourceDocument>(entity.Value!.GetString("Document"), FollowUpJson.Options)!.ToSource()
            : null;
    }
}
