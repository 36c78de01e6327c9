using System.Globalization;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sequences;

/// <summary>A row of the Sequences table: PartitionKey = sequence id, RowKey = <see cref="RowKeyOf"/> of the version; the definition as JSON, chunked.</summary>
/// <remarks>
/// The definition is split by <see cref="ChunkedString"/> (<c>Definition0</c>, <c>Definition1</c>, …), so the row travels as a
/// <see cref="TableEntity"/>; a version stored before definitions were chunked holds its JSON whole in <c>Definition</c>.
/// </remarks>
public sealed class SequenceRow
{
    /// <summary>The highest version a row key can hold.</summary>
    public const int MaxVersion = 999_999_999;

    private const string DefinitionProperty = "Definition";

    /// <summary>The sequence id.</summary>
    public string PartitionKey { get; set; } = "";

    /// <summary>The inverted version, so the latest version is the first row of the partition.</summary>
    public string RowKey { get; set; } = "";

    /// <summary>The <see cref="SequenceDocument"/> as JSON.</summary>
    public string Definition { get; set; } = "";

    /// <summary>The row key of a version: <c>999999999 - version</c>, zero-padded.</summary>
    public static string RowKeyOf(int version) => (MaxVersion - version).ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>The row of one version of a sequence.</summary>
    public static SequenceRow From(Sequence sequence) => new()
    {
        PartitionKey = sequence.Id,
        RowKey = RowKeyOf(sequence.Version),
        Definition = Serialize(sequence),
    };

    /// <summary>Reads a row as stored, chunked or whole.</summary>
    public static SequenceRow From(TableEntity entity) => new()
    {
        PartitionKey = entity.PartitionKey,
        RowKey = entity.RowKey,
        Definition = entity.ContainsKey(DefinitionProperty + "Chunks") ? ChunkedString.Read(entity, DefinitionProperty) : entity.GetString(DefinitionProperty),
    };

    /// <summary>The definition as JSON, as <see cref="From(Sequence)"/> stores it.</summary>
    public static string Serialize(Sequence sequence) => StorageJson.Serialize(SequenceDocument.From(sequence));

    /// <summary>The row as stored: the definition chunked.</summary>
    public TableEntity ToEntity()
    {
        var entity = new TableEntity(PartitionKey, RowKey);
        ChunkedString.Write(entity, DefinitionProperty, Definition);
        return entity;
    }

    /// <summary>The version this row holds.</summary>
    public Sequence ToSequence() => StorageJson.Deserialize<SequenceDocument>(Definition).ToSequence();
}
