using MimeKit;

namespace FollowUp.Engine.Channels;

/// <summary>Builds the RFC 5322 message of an email, as the SMTP and outbox channels send it.</summary>
public static class MimeEmail
{
    /// <summary>Why an email whose recipient is not a valid mailbox is refused.</summary>
    public const string InvalidRecipient = "The recipient's email address is not a valid mailbox.";

    /// <summary>Builds the message and returns it with its Message-ID: sender, reply address, recipient, text and HTML alternatives, attachments, the send's headers, and a Message-ID fixed by the send key.</summary>
    /// <remarks>The fixed Message-ID (<c>&lt;enrollment.step@sender-domain&gt;</c>) lets mail systems that drop duplicate ids (Gmail does) show a resend once.</remarks>
    /// <returns>The message and its Message-ID, or null when the recipient's address is not a valid mailbox (<see cref="InvalidRecipient"/>).</returns>
    public static (MimeMessage Message, string MessageId)? Compose(OutgoingEmail email, EmailOptions settings)
    {
        if (!MailboxAddress.TryParse(email.To, out var recipient))
        {
            return null;
        }

        var sender = MailboxAddress.Parse(settings.From);
        var message = new MimeMessage();
        message.From.Add(sender);
        if ((email.ReplyTo ?? settings.ReplyTo) is { } replyTo)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        recipient.Name = email.ToName;
        message.To.Add(recipient);
        message.Subject = email.Subject;
        var messageId = $"{email.Key.EnrollmentId}.{email.Key.StepId}@{sender.Domain}";
        message.MessageId = messageId;
        foreach (var header in email.Headers)
        {
            message.Headers.Add(header.Key, header.Value);
        }

        var body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html };
        foreach (var attachment in email.Attachments ?? [])
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return (message, messageId);
    }
}
