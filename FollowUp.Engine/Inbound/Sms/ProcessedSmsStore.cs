using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Inbound.Sms;

/// <summary>The ProcessedSms table: one row per Twilio <c>MessageSid</c> acted on, whose insert decides which of two identical requests acts.</summary>
/// <remarks>
/// Rows are kept for good. Twilio's signature covers the URL and the form but no time, so a captured request stays valid
/// for ever; a sid forgotten after any time-to-keep could be replayed once more then. A row is a sid and a date, about a
/// hundred bytes per text received.
/// </remarks>
public sealed class ProcessedSmsStore(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.ProcessedSmsTable);

    /// <summary>Records <paramref name="messageSid"/> as processed; false when it already was, by this request's twin or an earlier one.</summary>
    public async Task<bool> TryClaimAsync(string messageSid, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new ProcessedSmsRow { PartitionKey = messageSid, ProcessedUtc = now }, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Forgets a claim whose action failed, so that a retry of the same message can act.</summary>
    public async Task ReleaseAsync(string messageSid, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(messageSid, "", ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Nothing to forget.
        }
    }
}
