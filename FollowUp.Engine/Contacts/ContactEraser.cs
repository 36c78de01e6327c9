using System.Text.Json;
using Azure.Data.Tables;
using FollowUp.Engine.Channels;
using FollowUp.Engine.Http;
using FollowUp.Engine.Scheduling;
using FollowUp.Engine.Sources.Forms;
using FollowUp.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace FollowUp.Engine.Contacts;

/// <summary>Erases a contact everywhere (a GDPR erasure request), keeping only the hashed suppression entry of an address that opted out.</summary>
/// <remarks>
/// The contact's row is first replaced by a marker without personal data: from then on every reader (the dispatcher, the
/// composer, the contact route) finds no contact, so nothing is sent to it and no dispatcher writes for it again. The
/// enrollments are removed last but one and the index and marker last, so an erasure cut short is found and finished by
/// the next request. OptOuts rows stay: they are keyed by the address's SHA-256 and hold only who opted out and when.
/// </remarks>
public sealed class ContactEraser(FollowUpStorage storage, ContactStore contacts, OutboxFolder outbox, ILogger<ContactEraser> logger)
{
    private const string MarkerPrefix = "~active~";

    /// <summary>The name under which the report counts removed outbox files.</summary>
    public const string OutboxFiles = "OutboxFiles";

    /// <summary>Erases the contact with this id and these address keys; answers how many rows each table lost.</summary>
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string contactId, IEnumerable<string> requestedKeys, CancellationToken cancellationToken)
    {
        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var addressKeys = await contacts.MarkErasedAsync(contactId, requestedKeys, cancellationToken);

        var enrollmentsTable = storage.Table(StorageNames.EnrollmentsTable);
        var enrollmentRows = await RowDeleter.QueryAsync(enrollmentsTable, TableClient.CreateQueryFilter($"PartitionKey eq {contactId}"), cancellationToken, "SequenceId");
        var enrollments = enrollmentRows.Where(r => !r.RowKey.StartsWith(MarkerPrefix, StringComparison.Ordinal)).ToList();

        var ids = enrollments.Select(e => e.RowKey).ToHashSet(StringComparer.Ordinal);
        await RemoveNamingAsync(removed, StorageNames.SourceEnrollmentsTable, ids, cancellationToken);
        await RemoveNamingAsync(removed, StorageNames.IdempotencyTable, ids, cancellationToken);
        await RemoveNamingAsync(removed, StorageNames.FailedStepsTable, ids, cancellationToken);
        Add(removed, StorageNames.SequenceEnrollmentsTable, await RowDeleter.DeleteAsync(
            storage.Table(StorageNames.SequenceEnrollmentsTable),
            [.. enrollments.Where(e => e.GetString("SequenceId") is not null).Select(e => new TableEntity(e.GetString("SequenceId"), e.RowKey))],
            cancellationToken));
        foreach (var id in ids)
        {
            var shard = new DueEntry(id, "", 0, default).PartitionKey;
            await RemoveAsync(removed, StorageNames.DueIndexTable, TableClient.CreateQueryFilter($"PartitionKey eq {shard} and EnrollmentId eq {id}"), cancellationToken);
            await RemoveAsync(removed, StorageNames.NextDueTable, TableClient.CreateQueryFilter($"EnrollmentId eq {id}"), cancellationToken);
            await RemoveAsync(removed, StorageNames.SendsTable, TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken);
            await RemoveAsync(removed, StorageNames.TimelineTable, TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken);
            Add(removed, OutboxFiles, RemoveOutboxFiles(id));
        }

        await RemoveAsync(removed, StorageNames.ContactSendsTable, TableClient.CreateQueryFilter($"PartitionKey eq {contactId}"), cancellationToken);
        await RemoveNotificationsAsync(removed, contactId, addressKeys, cancellationToken);
        await RemoveConfirmationsAsync(removed, addressKeys, cancellationToken);
        Add(removed, StorageNames.FormCountersTable, await RowDeleter.DeleteAsync(
            storage.Table(StorageNames.FormCountersTable),
            [.. addressKeys.Select(key => new TableEntity(FormRateCap.RecipientsPartition, key))],
            cancellationToken));
        Add(removed, StorageNames.EnrollmentsTable, await RowDeleter.DeleteAsync(enrollmentsTable, enrollmentRows, cancellationToken));

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

    /// <summary>Removes the rows whose <c>EnrollmentId</c> is one of <paramref name="ids"/>, reading the table once.</summary>
    private async Task RemoveNamingAsync(SortedDictionary<string, int> removed, string tableName, HashSet<string> ids, CancellationToken cancellationToken)
    {
        var table = storage.Table(tableName);
        var rows = ids.Count == 0 ? [] : await RowDeleter.QueryAsync(table, "", cancellationToken, "EnrollmentId");
        Add(removed, tableName, await RowDeleter.DeleteAsync(table, rows.Where(r => r.GetString("EnrollmentId") is { } id && ids.Contains(id)), cancellationToken));
    }

    /// <summary>Removes the notifications about the contact or one of its addresses (unmatched mail it sent too), their send claims and their outbox files.</summary>
    private async Task RemoveNotificationsAsync(SortedDictionary<string, int> removed, string contactId, IReadOnlyList<string> addressKeys, CancellationToken cancellationToken)
    {
        var table = storage.Table(StorageNames.NotificationsTable);
        var rows = (await RowDeleter.QueryAsync(table, "", cancellationToken, "ContactId", "AddressKey"))
            .Where(row => row.GetString("ContactId") == contactId || (row.GetString("AddressKey") is { } key && addressKeys.Contains(key)))
            .ToList();
        foreach (var row in rows)
        {
            await RemoveAsync(removed, StorageNames.SendsTable, TableClient.CreateQueryFilter($"PartitionKey eq {row.PartitionKey}"), cancellationToken);
            Add(removed, OutboxFiles, RemoveOutboxFiles(row.PartitionKey));
        }

        Add(removed, StorageNames.NotificationsTable, await RowDeleter.DeleteAsync(table, rows, cancellationToken));
    }

    /// <summary>Removes the pending form confirmations (double opt-in) held for one of the addresses.</summary>
    private async Task RemoveConfirmationsAsync(SortedDictionary<string, int> removed, IReadOnlyList<string> addressKeys, CancellationToken cancellationToken)
    {
        var table = storage.Table(StorageNames.FormConfirmationsTable);
        var rows = await RowDeleter.QueryAsync(table, "", cancellationToken, "Contact");
        var matching = rows.Where(row => Names(row.GetString("Contact"), addressKeys)).ToList();
        Add(removed, StorageNames.FormConfirmationsTable, await RowDeleter.DeleteAsync(table, matching, cancellationToken));
    }

    private static bool Names(string? contactJson, IReadOnlyList<string> addressKeys)
    {
        if (contactJson is null || JsonSerializer.Deserialize<ContactRequest>(contactJson, FollowUpJson.Options) is not { } contact)
        {
            return false;
        }

        var email = contact.Email is null ? null : ContactValidator.NormaliseEmail(contact.Email);
        var phone = contact.Phone is null ? null : ContactValidator.NormalisePhone(contact.Phone);
        return (email is not null && addressKeys.Contains(AddressKey.Email(email))) || (phone is not null && addressKeys.Contains(AddressKey.Phone(phone)));
    }

    private int RemoveOutboxFiles(string sendPartition)
    {
        if (!Directory.Exists(outbox.Root))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(outbox.Root, sendPartition + "_*"))
        {
            File.Delete(file);
            count++;
        }

        return count;
    }

    private static void Add(SortedDictionary<string, int> removed, string name, int count) =>
        removed[name] = removed.GetValueOrDefault(name) + count;
}
