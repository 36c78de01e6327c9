using System.Globalization;
using Azure.Data.Tables;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Timeline;

/// <summary>What happened to each enrollment and why, oldest first, kept beside the enrollment in its contact's partition.</summary>
/// <remarks>
/// A timeline row lives in the Enrollments table, in the partition of the enrollment's contact, under the row key
/// <c>~timeline~&lt;enrollment id&gt;~&lt;ticks&gt;_&lt;random&gt;</c>, which sorts after the contact's enrollments and
/// markers. So an event that goes with a change of the enrollment (enrolled, sent, halted, completed) is written in the
/// same entity-group transaction as that change (<see cref="Rows"/>, used by <see cref="EnrollmentStore"/>): it costs no
/// transaction of its own, and a crash can no longer keep the change and lose its event. Events written together share a
/// random suffix followed by their position, so that events of one instant list in the order written. Other events are one
/// insert each; writing the same event twice (a retried step) shows it twice. A read is one range query, and a
/// second of the Timeline table, where versions before this layout wrote each enrollment's events in a partition of its own.
/// </remarks>
public sealed class TimelineStore(FollowUpStorage storage)
{
    /// <summary>The start of every timeline row key; it sorts after the enrollments (<c>&lt;contact id&gt;-…</c>) and their markers (<c>~active~…</c>).</summary>
    public const string RowPrefix = "~timeline~";

    private readonly TableClient table = storage.Table(StorageNames.EnrollmentsTable);
    private readonly TableClient earlier = storage.Table(StorageNames.TimelineTable);

    /// <summary>Adds an event to the enrollment's timeline.</summary>
    public async Task AddAsync(string enrollmentId, TimelineEvent entry, CancellationToken cancellationToken) =>
        await table.AddEntityAsync(Row(enrollmentId, entry, RandomIds.Create(6)), cancellationToken);

    /// <summary>Adds events to the enrollment's timeline in one table transaction; events of the same instant are listed in the order given.</summary>
    public async Task AddAsync(string enrollmentId, IReadOnlyList<TimelineEvent> entries, CancellationToken cancellationToken) =>
        await table.SubmitTransactionAsync(Rows(enrollmentId, entries).Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), cancellationToken);

    /// <summary>The rows of events of the enrollment, for a caller that writes them in one transaction of the contact's partition.</summary>
    /// <remarks>The rows share one random suffix followed by their position, so events of one instant list in the order given.</remarks>
    /// <exception cref="ArgumentException"><paramref name="enrollmentId"/> is not an enrollment id.</exception>
    public static IEnumerable<TimelineRow> Rows(string enrollmentId, IEnumerable<TimelineEvent> entries)
    {
        var suffix = RandomIds.Create(6);
        return entries.Select((entry, position) => Row(enrollmentId, entry, string.Create(CultureInfo.InvariantCulture, $"{suffix}_{position}")));
    }

    private static TimelineRow Row(string enrollmentId, TimelineEvent entry, string suffix) =>
        TimelineRow.From(ContactOf(enrollmentId), string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix(enrollmentId)}{entry.AtUtc.UtcTicks:D19}_{suffix}"), entry);

    /// <summary>The filter that selects the timeline rows of an enrollment in the Enrollments table.</summary>
    /// <param name="contactId">The enrollment's contact: the partition.</param>
    /// <param name="enrollmentId">The enrollment.</param>
    public static string Filter(string contactId, string enrollmentId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {contactId} and RowKey ge {KeyPrefix(enrollmentId)} and RowKey lt {KeyPrefix(enrollmentId) + "~"}");

    /// <summary>The enrollment's timeline, oldest first.</summary>
    public async Task<List<TimelineEvent>> ListAsync(string enrollmentId, CancellationToken cancellationToken)
    {
        var current = ReadAsync(table, Filter(ContactOf(enrollmentId), enrollmentId), cancellationToken);
        var older = ReadAsync(earlier, TableClient.CreateQueryFilter($"PartitionKey eq {enrollmentId}"), cancellationToken);
        return [.. (await older).Concat(await current).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Event)];
    }

    private static async Task<List<(string Key, TimelineEvent Event)>> ReadAsync(TableClient source, string filter, CancellationToken cancellationToken)
    {
        var events = new List<(string, TimelineEvent)>();
        await foreach (var row in source.QueryAsync<TimelineRow>(filter, cancellationToken: cancellationToken))
        {
            events.Add((row.RowKey[(row.RowKey.LastIndexOf('~') + 1)..], row.ToEvent()));
        }

        return events;
    }

    private static string KeyPrefix(string enrollmentId) => $"{RowPrefix}{enrollmentId}~";

    private static string ContactOf(string enrollmentId) =>
        EnrollmentId.TryGetContactId(enrollmentId, out var contactId) ? contactId : throw new ArgumentException($"'{enrollmentId}' is not an enrollment id.", nameof(enrollmentId));
}
