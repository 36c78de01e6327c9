using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Caps;

/// <summary>A message sent to a contact, for <see cref="ContactCap"/>: in the contact's partition of the Enrollments table,
/// row key <c>~sent~&lt;sent ticks&gt;_&lt;enrollment&gt;_&lt;step&gt;</c>, so writing it again changes nothing.</summary>
public sealed class SentRow : TableRow
{
    /// <summary>The sequence the message belonged to; its own messages never count against it.</summary>
    public string SequenceId { get; set; } = "";

    /// <summary>When the message was sent.</summary>
    public DateTimeOffset SentUtc { get; set; }

    /// <summary>The row of a message sent, for a caller that writes it in a transaction of the contact's partition.</summary>
    public static SentRow For(string contactId, string sequenceId, string enrollmentId, string stepId, DateTimeOffset sentUtc) => new()
    {
        PartitionKey = contactId,
        RowKey = string.Create(CultureInfo.InvariantCulture, $"{ContactCap.RowPrefix}{sentUtc.UtcTicks:D19}_{enrollmentId}_{stepId}"),
        SequenceId = sequenceId,
        SentUtc = sentUtc,
    };

    /// <summary>Reads the row from a query of the contact's partition that returns rows of several kinds.</summary>
    public static SentRow From(TableEntity entity) => new()
    {
        PartitionKey = entity.PartitionKey,
        RowKey = entity.RowKey,
        ETag = entity.ETag,
        SequenceId = entity.GetString(nameof(SequenceId)) ?? "",
        SentUtc = entity.GetDateTimeOffset(nameof(SentUtc)) ?? default,
    };
}
