using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Inbound.Sms;

/// <summary>A row of the ProcessedSms table: PartitionKey = a Twilio <c>MessageSid</c> acted on, RowKey empty.</summary>
public sealed class ProcessedSmsRow : TableRow
{
    /// <summary>When the message was claimed.</summary>
    public DateTimeOffset ProcessedUtc { get; set; }
}
