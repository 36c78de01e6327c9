using Azure.Data.Tables;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Configuration;

namespace FollowUp.Tests.Fixtures;

/// <summary>Checks a typed row class against rows as the code before it wrote them: it reads them, and it writes the same columns.</summary>
public static class RowRoundTrip
{
    private static readonly HashSet<string> SystemColumns = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    /// <summary>The storage of <paramref name="azurite"/>'s prefix, its tables created.</summary>
    public static async Task<FollowUpStorage> StorageAsync(AzuriteFixture azurite)
    {
        var storage = new FollowUpStorage(new ConfigurationBuilder().AddInMemoryCollection(azurite.Settings).Build());
        await storage.EnsureCreatedAsync(CancellationToken.None);
        return storage;
    }

    /// <summary>The client of table <paramref name="name"/> of <paramref name="azurite"/>'s storage, its tables created.</summary>
    public static async Task<TableClient> TableAsync(AzuriteFixture azurite, string name) => (await StorageAsync(azurite)).Table(name);

    /// <summary>Reads <paramref name="old"/> back as <typeparamref name="TRow"/> (with the ETag conditional writes rely on), then checks that <paramref name="row"/> is stored as <paramref name="old"/> was.</summary>
    /// <returns>The old row as the row class reads it.</returns>
    public static async Task<TRow> ReadOldThenWriteSameAsync<TRow>(TableClient table, TableEntity old, TRow row) where TRow : class, ITableEntity, new()
    {
        var read = await ReadOldAsync<TRow>(table, old);
        Assert.NotEqual(default, read.ETag);
        await AssertWritesAsOldAsync(table, old, row);
        return read;
    }

    /// <summary>Stores <paramref name="old"/> and reads it back as <typeparamref name="TRow"/>.</summary>
    public static async Task<TRow> ReadOldAsync<TRow>(TableClient table, TableEntity old) where TRow : class, ITableEntity, new()
    {
        await table.UpsertEntityAsync(old, TableUpdateMode.Replace);
        return (await table.GetEntityAsync<TRow>(old.PartitionKey, old.RowKey)).Value;
    }

    /// <summary>Stores <paramref name="old"/> and then <paramref name="written"/> in its place, and fails unless both are stored with the same columns, types and values.</summary>
    public static async Task AssertWritesAsOldAsync<TRow>(TableClient table, TableEntity old, TRow written) where TRow : class, ITableEntity
    {
        Assert.Equal((old.PartitionKey, old.RowKey), (written.PartitionKey, written.RowKey));
        await table.UpsertEntityAsync(old, TableUpdateMode.Replace);
        var expected = Columns((await table.GetEntityAsync<TableEntity>(old.PartitionKey, old.RowKey)).Value);
        await table.UpsertEntityAsync(written, TableUpdateMode.Replace);
        var actual = Columns((await table.GetEntityAsync<TableEntity>(old.PartitionKey, old.RowKey)).Value);
        Assert.Equal(expected, actual);
    }

    /// <summary>The stored columns, with each value's type beside it, ordered by name.</summary>
    private static List<(string Name, string? Type, object? Value)> Columns(TableEntity entity) =>
        [.. entity.Where(column => !SystemColumns.Contains(column.Key))
            .Select(column => (column.Key, column.Value?.GetType().Name, column.Value is byte[] bytes ? Convert.ToHexString(bytes) : column.Value))
            .OrderBy(column => column.Key, StringComparer.Ordinal)];
}
