using Azure;
using Azure.Data.Tables;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Notifications;

/// <summary>The Notifications table: one row per notification (PartitionKey = its id, RowKey empty), added before it is sent and marked done after.</summary>
/// <remarks>
/// The texts and the attached original are stored in chunks (<see cref="ChunkedString"/>); the original is capped by
/// <see cref="ReplyNotifier.MaxOriginalBytes"/>, which keeps a row under the table's 1 MiB. Pending rows are found by a
/// filter on <c>Done</c>: the table holds a few weeks of replies (<see cref="Retention.RetentionOptions.Notifications"/>),
/// far fewer rows than the sends, so the scan stays small. The contact and the address a notification names get a
/// <see cref="ContactReferences"/> row first, so an erasure finds it without reading the table.
/// </remarks>
public sealed class NotificationStore(FollowUpStorage storage, ContactReferences references)
{
    private readonly TableClient table = storage.Table(StorageNames.NotificationsTable);

    /// <summary>Adds the notification; when one with its id exists already, returns that one instead, with false.</summary>
    public async Task<(bool Added, Notification Stored)> TryAddAsync(Notification notification, CancellationToken cancellationToken)
    {
        foreach (var owner in Owners(notification.ContactId, notification.AddressKey))
        {
            await references.AddAsync(owner, Reference(notification.Id), cancellationToken);
        }

        try
        {
            await table.AddEntityAsync(NotificationRow.From(notification).ToEntity(), cancellationToken);
            return (true, notification);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return (false, await GetAsync(notification.Id, cancellationToken) ?? throw new InvalidOperationException("A notification vanished while it was read."));
        }
    }

    /// <summary>Reads a notification, or null.</summary>
    public async Task<Notification?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return entity.HasValue ? NotificationRow.From(entity.Value!).ToNotification() : null;
    }

    /// <summary>Marks the notification done: every part was sent or failed for good.</summary>
    public Task MarkDoneAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(NotificationRow.DoneEntity(id, now), ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>The notifications not yet done, oldest first within each page, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<Notification>> ListPendingAsync(int max, CancellationToken cancellationToken)
    {
        var pending = new List<Notification>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Done eq {false}"), maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            pending.Add(NotificationRow.From(entity).ToNotification());
            if (pending.Count >= max)
            {
                break;
            }
        }

        return pending;
    }

    /// <summary>The owners of a notification's references in <see cref="ContactReferences"/>: its contact and its address, when it names them.</summary>
    public static IEnumerable<string> Owners(string? contactId, string? addressKey) =>
        new[] { contactId, addressKey }.OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>The reference to a notification's row.</summary>
    public static ContactReference Reference(string id) => new(StorageNames.NotificationsTable, id, "");
}
