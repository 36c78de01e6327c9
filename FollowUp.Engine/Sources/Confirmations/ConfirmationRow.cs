using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Sources.Confirmations;

/// <summary>A row of the FormConfirmations table: PartitionKey = the confirmation's random id, RowKey empty; the data chunked.</summary>
/// <remarks>The data is split by <see cref="ChunkedString"/> (<c>Data0</c>, <c>DataChunks</c>, …), so the row travels as a <see cref="TableEntity"/>; this class holds its mapping.</remarks>
public sealed class ConfirmationRow
{
    /// <summary>The confirmation's id.</summary>
    public string PartitionKey { get; set; } = "";

    /// <summary>Always empty.</summary>
    public string RowKey { get; set; } = "";

    /// <summary>The form source it came from.</summary>
    public string SourceId { get; set; } = "";

    /// <summary>The <see cref="ContactRequest"/> as the form gave it, as JSON.</summary>
    public string Contact { get; set; } = "";

    /// <summary>The data as the form gave it, as JSON.</summary>
    public string Data { get; set; } = "";

    /// <summary>When the link stops working.</summary>
    public DateTimeOffset ExpiresUtc { get; set; }

    /// <summary>When it was acted on; null while pending.</summary>
    public DateTimeOffset? ConfirmedUtc { get; set; }

    /// <summary>The row of a confirmation.</summary>
    public static ConfirmationRow From(PendingConfirmation confirmation) => new()
    {
        PartitionKey = confirmation.Id,
        SourceId = confirmation.SourceId,
        Contact = StorageJson.Serialize(confirmation.Contact),
        Data = confirmation.Data.GetRawText(),
        ExpiresUtc = confirmation.ExpiresUtc,
        ConfirmedUtc = confirmation.ConfirmedUtc,
    };

    /// <summary>Reads a row as stored.</summary>
    public static ConfirmationRow From(TableEntity entity) => new()
    {
        PartitionKey = entity.PartitionKey,
        RowKey = entity.RowKey,
        SourceId = entity.GetString("SourceId"),
        Contact = entity.GetString("Contact"),
        Data = ChunkedString.Read(entity, "Data"),
        ExpiresUtc = entity.GetDateTimeOffset("ExpiresUtc") ?? DateTimeOffset.MinValue,
        ConfirmedUtc = entity.GetDateTimeOffset("ConfirmedUtc"),
    };

    /// <summary>What records that a confirmation was acted on, merged into its row.</summary>
    public static TableEntity ConfirmedEntity(string id, DateTimeOffset confirmedUtc) => new(id, "") { ["ConfirmedUtc"] = confirmedUtc };

    /// <summary>The row as stored: the data chunked.</summary>
    public TableEntity ToEntity()
    {
        var entity = new TableEntity(PartitionKey, RowKey)
        {
            ["SourceId"] = SourceId,
            ["Contact"] = Contact,
            ["ExpiresUtc"] = ExpiresUtc,
            ["ConfirmedUtc"] = ConfirmedUtc,
        };
        ChunkedString.Write(entity, "Data", Data);
        return entity;
    }

    /// <summary>The confirmation this row holds.</summary>
    public PendingConfirmation ToConfirmation() =>
        new(PartitionKey, SourceId, StorageJson.Deserialize<ContactRequest>(Contact), JsonElement.Parse(Data), ExpiresUtc, ConfirmedUtc);
}
