using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Timeline;

/// <summary>The Timeline table: what happened to each enrollment and why, oldest first.</summary>
/// <remarks>
/// One partition per enrollment, rows keyed by time and a random suffix, so writers never contend and a read is one
/// partition query. Writing the same event twice (a retried step) shows it twice; each writer records an event once its
/// effect is stored, and a timeline is a record of decisions, not the source of truth.
/// </remarks>
public sealed class TimelineStore(FollowUpStorage storage)
{
    private readonly TableClient table = storage.Table(StorageNames.TimelineTable);

    /// <summary>Adds an event to the enrollment's timeline.</summary>
    public async Task AddAsync(string enrollmentId, TimelineEvent entry, CancellationToken cancellationToken) =>
        await table.AddEntityAsync(
            new TableEntity(enrollmentId, $"{entry.AtUtc.UtcTicks:D19}_{RandomIds.Create(6)}")
            {
                ["AtUtc"] = entry.AtUtc,
                ["Kind"] = entry.Kind.ToString(),
                ["StepId"] = entry.StepId,
                ["Detail"] = entry.Detail,
                ["ByScanner"] = entry.ByScanner,
                ["Variant"] = entry.Variant,
            },
            cancellationToken);

    /// <summary>The enrollment's timeline, oldest first.</summary>
    public async Task<List<TimelineEvent>> ListAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        var events = new List<TimelineEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == enrollmentId, cancellationToken: cancellationToken))
        {
            events.Add(new TimelineEvent(
                row.GetDateTimeOffset("AtUtc") ?? default,
                Enum.Parse<TimelineEventKind>(row.GetString("Kind")),
                row.GetString("StepId"),
                row.GetString("Detail"))
            {
                ByScanner = row.GetBoolean("ByScanner"),
                Variant = row.GetString("Variant"),
            });
        }

        return events;
    }
}
