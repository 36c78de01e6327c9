using Azure;
using Azure.Data.Tables;

namespace FollowUp.Engine.Inbound.Sms;

/// <summary>A row of the ProcessedSms table: PartitionKey = a Twilio <c>MessageSid</c> acted on, RowKey empty.</summary>
public sealed class ProcessedSmsRow : ITableEntity
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = "";

    /// <inheritdoc />
    public string RowKey { get; set; } = "";

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>When the message was claimed.</summary>
    public DateTimeOffset ProcessedUtc { get; set; }
}
