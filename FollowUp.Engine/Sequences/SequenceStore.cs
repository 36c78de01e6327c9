using System.Collections.Concurrent;
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
    /// <summary>The longest definition, as JSON, that a version row holds: an entity is at most 1 MiB and a character takes two bytes.</summary>
    public const int MaxDefinitionLength = 450_000;

    private readonly TableClient table = storage.Table(StorageNames.SequencesTable);
    private readonly ConcurrentDictionary<(string Id, int Version), Sequence> versions = new();

    /// <summary>Reads the latest version, or null when the sequence does not exist.</summary>
    public async Task<Sequence?> GetLatestAsync(string id, CancellationToken cancellationToken)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == id, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return Cache(SequenceRow.From(entity).ToSequence());
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

        if (version is < 1 or > SequenceRow.MaxVersion)
        {
            return null;
        }

        var entity = await table.GetEntityIfExistsAsync<TableEntity>(id, SequenceRow.RowKeyOf(version), cancellationToken: cancellationToken);
        return entity.HasValue ? Cache(SequenceRow.From(entity.Value!).ToSequence()) : null;
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
                await table.AddEntityAsync(SequenceRow.From(next).ToEntity(), cancellationToken);
                return Cache(next);
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
                // Another request stored this version number first; read it and try again.
            }
        }
    }

    /// <summary>Whether <paramref name="definition"/> fits in one version row (<see cref="MaxDefinitionLength"/>) as <see cref="SaveAsync"/> stores it.</summary>
    public static bool Fits(Sequence definition) => SequenceRow.Serialize(definition with { Version = SequenceRow.MaxVersion }).Length <= MaxDefinitionLength;

    private Sequence Cache(Sequence sequence) => versions.GetOrAdd((sequence.Id, sequence.Version), sequence);
}
