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
        await table.AddEntityAsync(ToEntity(enrollmentId, $"{entry.AtUtc.UtcTicks:D19}_{RandomIds.Create(6)}", entry), cancellationToken);

    /// <summary>Adds events to the enrollment's timeline in one table transaction; events of the same instant are listed in the order given.</summary>
    /// <remarks>The events share one random suffix followed by their position, so the row keys of equal instants sort in that order.</remarks>
    public async Task AddAsync(string enrollmentId, IReadOnlyList<TimelineEvent> entries, CancellationToken cancellationToken)
    {
        var suffix = RandomIds.Create(6);
        await table.SubmitTransactionAsync(
            entries.Select((entry, position) => new TableTransactionAction(
                TableTransactionActionType.Add,
                ToEntity(enrollmentId, $"{entry.AtUtc.UtcTicks:D19}_{suffix}_{position}", entry))),
            cancellationToken);
    }

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

    private static TableEntity ToEntity(string enrollmentId, string rowKey, TimelineEvent entry) => new(enrollmentId, rowKey)
    {
        ["AtUtc"] = entry.AtUtc,
        ["Kind"] = entry.Kind.ToString(),
        ["StepId"] = entry.StepId,
        ["Detail"] = entry.Detail,
        ["ByScanner"] = entry.ByScanner,
        ["Variant"] = entry.Variant,
    };
}
