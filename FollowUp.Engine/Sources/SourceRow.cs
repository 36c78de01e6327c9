using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources;

/// <summary>A row of the Sources table: PartitionKey = the source id, RowKey empty; its <see cref="SourceDocument"/> as JSON.</summary>
public sealed class SourceRow : TableRow
{
    /// <summary>The <see cref="SourceDocument"/> as JSON (never a secret).</summary>
    public string Document { get; set; } = "";

    /// <summary>The row of a source.</summary>
    public static SourceRow From(Source source) => new() { PartitionKey = source.Id, Document = Serialize(source) };

    /// <summary>The document of a source as JSON, as <see cref="From"/> stores it.</summary>
    public static string Serialize(Source source) => StorageJson.Serialize(SourceDocument.From(source));

    /// <summary>The source this row holds.</summary>
    public Source ToSource() => StorageJson.Deserialize<SourceDocument>(Document).ToSource();
}
