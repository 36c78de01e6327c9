using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Http;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources;

/// <summary>The Sources table: one row per source, holding its <see cref="SourceDocument"/> (never a secret).</summary>
public sealed class SourceStore(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.SourcesTable);

    /// <summary>Saves the source, replacing an earlier definition.</summary>
    public async Task SaveAsync(Source source, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(source.Id, "") { ["Document"] = JsonSerializer.Serialize(SourceDocument.From(source), FollowUpJson.Options) },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Reads a source, or null.</summary>
    public async Task<Source?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return entity.HasValue
            ? JsonSerializer.Deserialize<SourceDocument>(entity.Value!.GetString("Document"), FollowUpJson.Options)!.ToSource()
            : null;
    }
}
