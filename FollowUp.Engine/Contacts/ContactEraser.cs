using Azure.Data.Tables;
using FollowUp.Engine.Caps;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Enrollments;
using FollowUp.Engine.Failures;
using FollowUp.Engine.Http;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sources.Confirmations;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Storage;
using FollowUp.Engine.Timeline;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Contacts;

/// <summary>Erases a contact everywhere (a GDPR erasure request), keeping only the hashed suppression entry of an address that opted out.</summary>
/// <remarks>
/// The contact's row is first replaced by a marker without personal data: from then on every reader (the dispatcher, the
/// composer, the contact route) finds no contact, so nothing is sent to it and no dispatcher writes for it again. The
/// enrollments are removed last but one and the index and marker last, so an erasure cut short is found and finished by
/// the next request. OptOuts rows stay: they are keyed by the address's SHA-256 and hold only who opted out and when.
/// Idempotency, SourceEnrollments, FormConfirmations and Notifications rows are found through <see cref="ContactReferences"/>, and the
/// DueIndex, NextDue and FailedSteps rows by the keys the enrollments' steps give (and EnrollmentsByStatus rows by the
/// sequence, enrollment time and id of each enrollment), the report's facts by the enrollments' sequence and id (the counts
/// stay: they name no one), so the work grows with the contact's own
/// rows, not with the size of any table. RecentReplies rows are the exception: one filtered query of that table's one
/// partition, which holds only the replies of the notifications' retention (<see cref="Replies.RecentReplies"/>).
/// </remarks>
public sealed class ContactEraser(FollowUpStorage storage, ContactStore contacts, EnrollmentStore enrollmentStore, Reports.FigureStore figures, FailedStepStore failures, ContactReferences references, OutboxFolder outbox, ILogger<ContactEraser> logger)
{

    /// <summary>The name under which the report counts removed outbox files.</summary>
    public const string OutboxFiles = "OutboxFiles";

    /// <summary>Erases the contact with this id and these address keys; answers how many rows each table lost.</summary>
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string contactId, IEnumerable<string> requestedKeys, CancellationToken cancellationToken)
    {
        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            [StorageNames.IdempotencyTable] = 0,
            [StorageNames.SourceEnrollmentsTable] = 0,
            [StorageNames.FormConfirmationsTable] = 0,
        };
        var addressKeys = await contacts.MarkErasedAsync(contactId, requestedKeys, cancellationToken);

        var enrollmentsTable = storage.Table(StorageNames.EnrollmentsTable);
        var enrollments = await enrollmentStore.ListAsync(contactId, cancellationToken);
        // Beside its enrollments, the contact's partition holds rows keyed from '~': their markers, the cap's rows and the
        // timelines, and the contact's own row, which goes last (ContactStore.RemoveAsync).
        var beside = (await RowDeleter.QueryAsync(enrollmentsTable, TableClient.CreateQueryFilter($"PartitionKey eq {contactId} and RowKey ge {"~"} and RowKey ne {ContactRow.Key}"), cancellationToken))
            .ToLookup(row => row.RowKey.StartsWith(TimelineStore.RowPrefix, StringComparison.Ordinal) ? StorageNames.TimelineTable
                : row.RowKey.StartsWith(ContactCap.RowPrefix, StringComparison.Ordinal) ? StorageNames.ContactSendsTable
                : StorageNames.EnrollmentsTable);

        var ids = enrollments.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var scheduled = ScheduledRows(enrollments);
        await RemoveReferencedAsync(removed, [contactId, .. addressKeys], cancellationToken);
        Add(removed, StorageNames.DueIndexTable, await RowDeleter.DeleteAsync(storage.Table(StorageNames.DueIndexTable), scheduled.Due, cancellationToken));
        Add(removed, StorageNames.NextDueTable, await RowDeleter.DeleteAsync(storage.Table(StorageNames.NextDueTable), scheduled.NextDue, cancellationToken));
        Add(removed, StorageNames.SequenceEnrollmentsTable, await RowDeleter.DeleteAsync(
            storage.Table(StorageNames.SequenceEnrollmentsTable),
            [.. enrollments.Select(e => new TableEntity(e.SequenceId, e.Id))],
            cancellationToken));
        Add(removed, StorageNames.EnrollmentsByStatusTable, await RowDeleter.DeleteAsync(
            storage.Table(StorageNames.EnrollmentsByStatusTable),
            [.. enrollments.SelectMany(e => EnrollmentsByStatus.Keys(e.SequenceId, e.Id, e.EnrolledUtc))],
            cancellationToken));
        Add(removed, StorageNames.TimelineTable, await RowDeleter.DeleteAsync(enrollmentsTable, [.. beside[StorageNames.TimelineTable]], cancellationToken));
        Add(removed, StorageNames.ContactSendsTable, await RowDeleter.DeleteAsync(enrollmentsTable, [.. beside[StorageNames.ContactSendsTable]], cancellationToken));
        foreach (var id in ids)
        {
            Add(removed, StorageNames.FailedStepsTable, await failures.RemoveEnrollmentAsync(id, cancellationToken));
            await RemoveAsync(removed, StorageNames.SendsTable, TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken);
            await RemoveAsync(removed, StorageNames.TimelineTable, TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken);
            await RemoveAsync(removed, StorageNames.ClicksTable, TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken);
            Add(removed, OutboxFiles, outbox.Remove(id));
        }

        foreach (var enrollment in enrollments)
        {
            Add(removed, StorageNames.FiguresTable, await figures.ForgetAsync(enrollment.Id, cancellationToken));
        }

        await RemoveAsync(removed, StorageNames.ContactSendsTable, TableClient.CreateQueryFilter($"PartitionKey eq {contactId}"), cancellationToken);
        await RemoveAsync(removed, StorageNames.RecentRepliesTable, Replies.RecentReplies.OfContact(contactId), cancellationToken);
        Add(removed, StorageNames.FormCountersTable, await RowDeleter.DeleteAsync(
            storage.Table(StorageNames.FormCountersTable),
            [.. addressKeys.Select(key => new TableEntity(FormRateCap.RecipientsPartition, key))],
            cancellationToken));
        Add(removed, StorageNames.EnrollmentsTable, await RowDeleter.DeleteAsync(
            enrollmentsTable, [.. enrollments.Select(e => new TableEntity(contactId, e.Id)), .. beside[StorageNames.EnrollmentsTable]], cancellationToken));

        var (indexRows, contactRows) = await contacts.RemoveAsync(contactId, addressKeys, cancellationToken);
        Add(removed, StorageNames.ContactIndexTable, indexRows);
        Add(removed, StorageNames.ContactsTable, contactRows);
        logger.LogInformation("Erased contact {ContactId} with {Enrollments} enrollments", contactId, enrollments.Count);
        return removed;
    }

    private async Task RemoveAsync(SortedDictionary<string, int> removed, string tableName, string filter, CancellationToken cancellationToken)
    {
        var table = storage.Table(tableName);
        Add(removed, tableName, await RowDeleter.DeleteAsync(table, await RowDeleter.QueryAsync(table, filter, cancellationToken), cancellationToken));
    }

    /// <summary>The keys of the DueIndex and NextDue rows the steps may have: at each step's send time, and at its due time should a send window have moved it.</summary>
    private static (List<TableEntity> Due, List<TableEntity> NextDue) ScheduledRows(IEnumerable<Enrollment> enrollments)
    {
        var entries = enrollments
            .SelectMany(e => e.Steps.SelectMany(step => new[] { step.SendUtc, step.DueUtc }.Distinct().Select(at => new DueEntry(e.Id, step.Id, e.SequenceVersion, at))))
            .ToList();
        return ([.. entries.Select(entry => new TableEntity(entry.PartitionKey, entry.RowKey))],
            [.. entries.Select(NextDueEntry.For).Select(entry => new TableEntity(entry.PartitionKey, entry.RowKey))]);
    }

    /// <summary>Removes the rows the owners' references point to (and the outbox files of referenced confirmations), then the references.</summary>
    private async Task RemoveReferencedAsync(SortedDictionary<string, int> removed, IReadOnlyList<string> owners, CancellationToken cancellationToken)
    {
        var found = new List<(string Owner, ContactReference Target)>();
        foreach (var owner in owners)
        {
            found.AddRange((await references.ListAsync(owner, cancellationToken)).Select(target => (owner, target)));
        }

        foreach (var table in found.Select(r => r.Target).Distinct().GroupBy(t => t.Table, StringComparer.Ordinal))
        {
            Add(removed, table.Key, await RowDeleter.DeleteAsync(storage.Table(table.Key), [.. table.Select(t => new TableEntity(t.PartitionKey, t.RowKey))], cancellationToken));
            if (table.Key == StorageNames.FormConfirmationsTable)
            {
                Add(removed, OutboxFiles, table.Sum(t => outbox.Remove(ConfirmationRequests.SendId(t.PartitionKey))));
            }

            if (table.Key == StorageNames.NotificationsTable)
            {
                // A notification's send claims are partitioned by its id, and its outbox files are named after it.
                foreach (var notification in table)
                {
                    await RemoveAsync(removed, StorageNames.SendsTable, TableClient.CreateQueryFilter($"PartitionKey eq {notification.PartitionKey}"), cancellationToken);
                    Add(removed, OutboxFiles, outbox.Remove(notification.PartitionKey));
                }
            }
        }

        Add(removed, StorageNames.ContactReferencesTable, await references.RemoveAsync(found, cancellationToken));
    }

    private static void Add(SortedDictionary<string, int> removed, string name, int count) =>
        removed[name] = removed.GetValueOrDefault(name) + count;
}
