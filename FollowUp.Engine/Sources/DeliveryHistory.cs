using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Sources;

/// <summary>The recent deliveries of each source and what became of them, for the dashboard; kept beside <see cref="DeliveryLog"/>'s claims in the SourceDeliveries table.</summary>
/// <remarks>
/// Rows live in the source's partition under <see cref="Prefix"/> with the inverted arrival time, so the newest come first
/// in one partition query and never mix with the claims (whose keys are hex). They hold no contact, address or value of the
/// delivery, so an erasure has nothing to find here, and the retention cleanup ages them with the claims by their
/// <c>Timestamp</c>. Writing one is best effort: a delivery already acted on is not failed because its history could not be written.
/// </remarks>
public sealed class DeliveryHistory(FollowUpStorage storage, ILogger<DeliveryHistory> logger)
{
    /// <summary>The start of every history row key; <c>~</c> sorts after the claims' hex keys.</summary>
    public const string Prefix = "~h~";

    private const int DetailLength = 300;

    private readonly TableClient table = storage.Table(StorageNames.SourceDeliveriesTable);

    /// <summary>Records one delivery; a storage failure is logged, not thrown.</summary>
    public async Task RecordAsync(string sourceId, DeliveryRecord record, CancellationToken cancellationToken)
    {
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - record.AtUtc.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        try
        {
            var shortened = record with { Detail = record.Detail is { Length: > DetailLength } detail ? detail[..DetailLength] : record.Detail };
            await table.AddEntityAsync(DeliveryHistoryRow.From(sourceId, $"{Prefix}{inverted}_{RandomIds.Create(6)}", shortened), cancellationToken);
        }
        catch (Exception exception) when (exception is RequestFailedException or OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not record a delivery of source {SourceId} in its history", sourceId);
        }
    }

    /// <summary>The source's last <paramref name="count"/> deliveries, newest first.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListAsync(string sourceId, int count, CancellationToken cancellationToken)
    {
        var records = new List<DeliveryRecord>(count);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sourceId} and RowKey gt {Prefix} and RowKey lt {Prefix + ":"}");
        await foreach (var row in table.QueryAsync<DeliveryHistoryRow>(filter, maxPerPage: count, cancellationToken: cancellationToken))
        {
            records.Add(row.ToRecord());
            if (records.Count == count)
            {
                break;
            }
        }

        return records;
    }
}
