using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sequences;

/// <summary>Stores sequence versions: one partition per sequence, one immutable row per version.</summary>
/// <remarks>
/// The row key is <c>999999999 - version</c>, zero-padded, so the latest version is the first row of the partition and
/// "latest" is a one-row query. Versions never change once written, which is why they are cached without expiry.
/// </remarks>
public sealed class SequenceStore(FollowUpStorage storage)
{
    private const int MaxVersion = 999_999_999;

    /// <summary>The property that holds a version's JSON, chunked: a sequence with long HTML outgrows one 64 KiB property.</summary>
    private const string DefinitionProperty = "Definition";

    /// <summary>The longest definition, as JSON, that a version row holds: an entity is at most 1 MiB and a character takes two bytes.</summary>
    public const int MaxDefinitionLength = 450_000;

    private readonly TableClient table = storage.Table(StorageNames.SequencesTable);
    private readonly ConcurrentDictionary<(string Id, int Version), Sequence> versions = new();

    /// <summary>Reads the latest version, or null when the sequence does not exist.</summary>
    public async Task<Sequence?> GetLatestAsync(string id, CancellationToken cancellationToken)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == id, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return Cache(ToSequence(entity));
        }

        return null;
    }

    /// <summary>Reads one version.</summary>
    /// <exception cref="InvalidOperationException">The version does not exist.</exception>
    public async Task<Sequence> GetAsync(string id, int version, CancellationToken cancellationToken) =>
        await FindAsync(id, version, cancellationToken) ?? throw new InvalidOperationException($"Sequence {id} has no version {version}.");

    /// <summary>Reads one version, or null when it does not exist.</summary>
    public async Task<Sequence?> FindAsync(string id, int version, CancellationToken cancellationToken)
    {
        if (versions.TryGetValue((id, version), out var cached))
        {
            return cached;
        }

        if (version is < 1 or > MaxVersion)
        {
            return null;
        }

        var entity = await table.GetEntityIfExistsAsync<TableEntity>(id, RowKey(version), cancellationToken: cancellationToken);
        return entity.HasValue ? Cache(ToSequence(entity.Value!)) : null;
    }

    /// <summary>Stores the definition as the next version, unless it equals the latest, which is then returned.</summary>
    public async Task<Sequence> SaveAsync(Sequence definition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var latest = await GetLatestAsync(definition.Id, cancellationToken);
            if (latest is not null && latest.SameDefinitionAs(definition))
            {
                return latest;
            }

            var next = definition with { Version = (latest?.Version ?? 0) + 1 };
            try
            {
                var json = Serialize(next);
                var entity = new TableEntity(next.Id, RowKey(next.Version));
                ChunkedString.Write(entity, DefinitionProperty, json);
                await table.AddEntityAsync(entity, cancellationToken);
                return Cache(next);
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
                // Another request stored this version number first; read it and try again.
            }
        }
    }

    /// <summary>Whether <paramref name="definition"/> fits in one version row (<see cref="MaxDefinitionLength"/>) as <see cref="SaveAsync"/> stores it.</summary>
    public static bool Fits(Sequence definition) => Serialize(definition with { Version = MaxVersion }).Length <= MaxDefinitionLength;

    private static string Serialize(Sequence definition) => StorageJson.Serialize(SequenceDocument.From(definition));

    private Sequence Cache(Sequence sequence) => versions.GetOrAdd((sequence.Id, sequence.Version), sequence);

    private static string RowKey(int version) => (MaxVersion - version).ToString("D9", CultureInfo.InvariantCulture);

    /// <remarks>A version stored before definitions were chunked holds its JSON whole in <c>Definition</c>.</remarks>
    private static Sequence ToSequence(TableEntity entity)
    {
        var json = entity.ContainsKey(DefinitionProperty + "Chunks") ? ChunkedString.Read(entity, DefinitionProperty) : entity.GetString(DefinitionProperty);
        return StorageJson.Deserialize<SequenceDocument>(json).ToSequence();
    }
}
