using Azure.Data.Tables;
using FollowUp.Engine.Storage;

namespace FollowUp.Engine.Notifications;

/// <summary>A row of the Notifications table: PartitionKey = the notification's id, RowKey empty; its texts and original chunked.</summary>
/// <remarks>
/// The texts and the original are split by <see cref="ChunkedString"/> (<c>Subject0</c>, <c>SubjectChunks</c>, …), so the row
/// travels as a <see cref="TableEntity"/>; this class holds its mapping.
/// </remarks>
public sealed class NotificationRow
{
    /// <summary>The notification's id.</summary>
    public string PartitionKey { get; set; } = "";

    /// <summary>Always empty.</summary>
    public string RowKey { get; set; } = "";

    /// <summary>What the notification is about.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The contact it names.</summary>
    public string? ContactId { get; set; }

    /// <summary>The address it names, as an <see cref="Contacts.AddressKey"/>.</summary>
    public string? AddressKey { get; set; }

    /// <summary>The enrollment it is about.</summary>
    public string? EnrollmentId { get; set; }

    /// <summary>The email recipients, comma-separated.</summary>
    public string EmailTo { get; set; } = "";

    /// <summary>The Reply-To of the email.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>The number the text goes to.</summary>
    public string? SmsTo { get; set; }

    /// <summary>When it was added.</summary>
    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary>Whether every part was sent or failed for good.</summary>
    public bool Done { get; set; }

    /// <summary>The email's subject.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The email's text part.</summary>
    public string Text { get; set; } = "";

    /// <summary>The email's HTML part.</summary>
    public string Html { get; set; } = "";

    /// <summary>The text message.</summary>
    public string SmsText { get; set; } = "";

    /// <summary>The attached original, base64; null when there is none.</summary>
    public string? Original { get; set; }

    /// <summary>The row of a notification.</summary>
    public static NotificationRow From(Notification n) => new()
    {
        PartitionKey = n.Id,
        Kind = n.Kind,
        ContactId = n.ContactId,
        AddressKey = n.AddressKey,
        EnrollmentId = n.EnrollmentId,
        EmailTo = string.Join(",", n.EmailTo),
        ReplyTo = n.ReplyTo,
        SmsTo = n.SmsTo,
        CreatedUtc = n.CreatedUtc,
        Done = n.Done,
        Subject = n.Subject,
        Text = n.Text,
        Html = n.Html,
        SmsText = n.SmsText,
        Original = n.Original is { } original ? Convert.ToBase64String(original) : null,
    };

    /// <summary>Reads a row as stored.</summary>
    public static NotificationRow From(TableEntity entity)
    {
        var original = ChunkedString.Read(entity, "Original");
        return new()
        {
            PartitionKey = entity.PartitionKey,
            RowKey = entity.RowKey,
            Kind = entity.GetString("Kind") ?? "",
            ContactId = entity.GetString("ContactId"),
            AddressKey = entity.GetString("AddressKey"),
            EnrollmentId = entity.GetString("EnrollmentId"),
            EmailTo = entity.GetString("EmailTo") ?? "",
            ReplyTo = entity.GetString("ReplyTo"),
            SmsTo = entity.GetString("SmsTo"),
            CreatedUtc = entity.GetDateTimeOffset("CreatedUtc") ?? default,
            Done = entity.GetBoolean("Done") ?? false,
            Subject = ChunkedString.Read(entity, "Subject"),
            Text = ChunkedString.Read(entity, "Text"),
            Html = ChunkedString.Read(entity, "Html"),
            SmsText = ChunkedString.Read(entity, "SmsText"),
            Original = original.Length == 0 ? null : original,
        };
    }

    /// <summary>What marks a notification done, merged into its row.</summary>
    public static TableEntity DoneEntity(string id, DateTimeOffset doneUtc) => new(id, "") { ["Done"] = true, ["DoneUtc"] = doneUtc };

    /// <summary>The row as stored: the texts and the original chunked.</summary>
    public TableEntity ToEntity()
    {
        var entity = new TableEntity(PartitionKey, RowKey)
        {
            ["Kind"] = Kind,
            ["ContactId"] = ContactId,
            ["AddressKey"] = AddressKey,
            ["EnrollmentId"] = EnrollmentId,
            ["EmailTo"] = EmailTo,
            ["ReplyTo"] = ReplyTo,
            ["SmsTo"] = SmsTo,
            ["CreatedUtc"] = CreatedUtc,
            ["Done"] = Done,
        };
        ChunkedString.Write(entity, "Subject", Subject);
        ChunkedString.Write(entity, "Text", Text);
        ChunkedString.Write(entity, "Html", Html);
        ChunkedString.Write(entity, "SmsText", SmsText);
        if (Original is not null)
        {
            ChunkedString.Write(entity, "Original", Original);
        }

        return entity;
    }

    /// <summary>The notification this row holds.</summary>
    public Notification ToNotification() => new(
        PartitionKey,
        Kind,
        ContactId,
        AddressKey,
        EnrollmentId,
        EmailTo.Split(',', StringSplitOptions.RemoveEmptyEntries),
        ReplyTo,
        Subject,
        Text,
        Html,
        Original is null ? null : Convert.FromBase64String(Original),
        SmsTo,
        SmsText,
        CreatedUtc,
        Done);
}
