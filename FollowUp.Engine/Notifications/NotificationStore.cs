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
            await table.AddEntityAsync(ToEntity(notification), cancellationToken);
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
        return entity.HasValue ? FromEntity(entity.Value!) : null;
    }

    /// <summary>Marks the notification done: every part was sent or failed for good.</summary>
    public Task MarkDoneAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(new TableEntity(id, "") { ["Done"] = true, ["DoneUtc"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>The notifications not yet done, oldest first within each page, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<Notification>> ListPendingAsync(int max, CancellationToken cancellationToken)
    {
        var pending = new List<Notification>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Done eq {false}"), maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            pending.Add(FromEntity(entity));
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

    private static TableEntity ToEntity(Notification n)
    {
        var entity = new TableEntity(n.Id, "")
        {
            ["Kind"] = n.Kind,
            ["ContactId"] = n.ContactId,
            ["AddressKey"] = n.AddressKey,
            ["EnrollmentId"] = n.EnrollmentId,
            ["EmailTo"] = string.Join(",", n.EmailTo),
            ["ReplyTo"] = n.ReplyTo,
            ["SmsTo"] = n.SmsTo,
            ["CreatedUtc"] = n.CreatedUtc,
            ["Done"] = n.Done,
        };
        ChunkedString.Write(entity, "Subject", n.Subject);
        ChunkedString.Write(entity, "Text", n.Text);
        ChunkedString.Write(entity, "Html", n.Html);
        ChunkedString.Write(entity, "SmsText", n.SmsText);
        if (n.Original is { } original)
        {
            ChunkedString.Write(entity, "Original", Convert.ToBase64String(original));
        }

        return entity;
    }

    private static Notification FromEntity(TableEntity entity)
    {
        var original = ChunkedString.Read(entity, "Original");
        return new Notification(
            entity.PartitionKey,
            entity.GetString("Kind") ?? "",
            entity.GetString("ContactId"),
            entity.GetString("AddressKey"),
            entity.GetString("EnrollmentId"),
            (entity.GetString("EmailTo") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            entity.GetString("ReplyTo"),
            ChunkedString.Read(entity, "Subject"),
            ChunkedString.Read(entity, "Text"),
            ChunkedString.Read(entity, "Html"),
            original.Length == 0 ? null : Convert.FromBase64String(original),
            entity.GetString("SmsTo"),
            ChunkedString.Read(entity, "SmsText"),
            entity.GetDateTimeOffset("CreatedUtc") ?? default,
            entity.GetBoolean("Done") ?? false);
    }
}
