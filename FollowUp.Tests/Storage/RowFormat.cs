using Azure.Data.Tables;
using FollowUp.Engine.Storage;
using FollowUp.Tests.Fixtures;
using Microsoft.Extensions.Configuration;

namespace FollowUp.Tests.Storage;

/// <summary>Checks a typed row class against the rows the code before it wrote by hand, on Azurite.</summary>
internal static class RowFormat
{
    /// <summary>The client of table <paramref name="name"/> of <paramref name="azurite"/>'s storage, its tables created.</summary>
    public static async Task<TableClient> TableAsync(AzuriteFixture azurite, string name)
    {
        var storage = new FollowUpStorage(new ConfigurationBuilder().AddInMemoryCollection(azurite.Settings).Build());
        await storage.EnsureCreatedAsync(CancellationToken.None);
        return storage.Table(name);
    }

    /// <summary>
    /// Writes <paramref name="old"/> as the earlier code did and reads it back as <typeparamref name="TRow"/>; then writes
    /// <paramref name="row"/> (same keys) and checks that it is stored with the same property names, types and values.
    /// </summary>
    /// <returns>The old row as the row class reads it (its ETag checked too, which conditional writes rely on).</returns>
    public static async Task<TRow> ReadOldThenWriteSameAsync<TRow>(TableClient table, TableEntity old, TRow row)
        where TRow : class, ITableEntity, new()
    {
        Assert.Equal((old.PartitionKey, old.RowKey), (row.PartitionKey, row.RowKey));
        await table.UpsertEntityAsync(old, TableUpdateMode.Replace);
        var read = (await table.GetEntityAsync<TRow>(old.PartitionKey, old.RowKey)).Value;
        Assert.NotEqual(default, read.ETag);
        var oldStored = Columns((await table.GetEntityAsync<TableEntity>(old.PartitionKey, old.RowKey)).Value);

        await table.UpsertEntityAsync(row, TableUpdateMode.Replace);
        var newStored = Columns((await table.GetEntityAsync<TableEntity>(old.PartitionKey, old.RowKey)).Value);

        Assert.Equal(oldStored, newStored);
        return read;
    }

    /// <summary>The stored properties of a row (keys included, Timestamp and ETag left out) with their .NET types, by name.</summary>
    private static SortedDictionary<string, (Type? Type, object? Value)> Columns(TableEntity entity) =>
        new(entity.Where(p => p.Key is not "Timestamp" and not "odata.etag").ToDictionary(p => p.Key, p => (p.Value?.GetType(), p.Value)), StringComparer.Ordinal);
}
